//! What a dropped file is, told from its first bytes: an image archive, an
//! advisory snapshot or an SBOM (each possibly gzip-compressed where that
//! makes sense), so the page can route it or say plainly what is wrong.

use std::io::Read;

use serde::Serialize;

/// Bytes a caller should pass to [`classify`].
pub const HEAD_BYTES: usize = 64 * 1024;

/// The kinds of input the viewer accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// A `docker save` or OCI archive (tar, optionally gzip-compressed).
    Image,
    /// An Airlock advisory snapshot (optionally gzip-compressed).
    Snapshot,
    /// A JSON document (SPDX, CycloneDX or syft SBOM).
    Sbom,
}

/// Classifies a file from its first bytes (up to [`HEAD_BYTES`]); the error
/// says what the file seems to be instead.
pub fn classify(name: &str, head: &[u8]) -> Result<InputKind, String> {
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut inner = Vec::with_capacity(1024);
        // A truncated head still inflates its first bytes; errors just mean fewer bytes.
        let _ = flate2::read::GzDecoder::new(head).take(1024).read_to_end(&mut inner);
        return match classify_plain(&inner) {
            Some(InputKind::Sbom) | None => Err(format!(
                "{name} is gzip-compressed, but what it holds is neither a tar archive nor an advisory snapshot"
            )),
            Some(kind) => Ok(kind),
        };
    }
    classify_plain(head).ok_or_else(|| {
        let what = describe(head);
        format!(
            "{name} is not a container image (.tar / .tar.gz from `docker save` or an OCI layout), an SBOM (.json) or an advisory snapshot{what}"
        )
    })
}

fn classify_plain(head: &[u8]) -> Option<InputKind> {
    if head.starts_with(&airlock_db::MAGIC) {
        return Some(InputKind::Snapshot);
    }
    if head.get(257..262) == Some(b"ustar") {
        return Some(InputKind::Image);
    }
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Some(InputKind::Sbom),
        _ => None,
    }
}

/// A short hint for common wrong files.
fn describe(head: &[u8]) -> &'static str {
    const KNOWN: &[(&[u8], &str)] = &[
        (b"\x89PNG", ": it is a PNG picture"),
        (b"\xff\xd8\xff", ": it is a JPEG picture"),
        (b"%PDF", ": it is a PDF document"),
        (b"PK\x03\x04", ": it is a zip archive"),
        (b"\x28\xb5\x2f\xfd", ": it is zstd-compressed (decompress it to a .tar first)"),
        (b"\xfd7zXZ", ": it is xz-compressed (decompress it to a .tar first)"),
        (b"\0asm", ": it is a WebAssembly module"),
    ];
    if head.is_empty() {
        return ": the file is empty";
    }
    KNOWN.iter().find(|(magic, _)| head.starts_with(magic)).map_or("", |(_, what)| what)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn tar_head() -> Vec<u8> {
        let mut h = vec![0u8; 1024];
        h[257..263].copy_from_slice(b"ustar\0");
        h
    }

    #[test]
    fn tells_images_snapshots_and_sboms_apart() {
        assert_eq!(classify("a.tar", &tar_head()), Ok(InputKind::Image));
        assert_eq!(classify("a.tar.gz", &gzip(&tar_head())), Ok(InputKind::Image));
        let snap = [&airlock_db::MAGIC[..], &[1, 0, 0, 0]].concat();
        assert_eq!(classify("s", &snap), Ok(InputKind::Snapshot));
        assert_eq!(classify("s.gz", &gzip(&snap)), Ok(InputKind::Snapshot));
        assert_eq!(classify("b.json", b"\xef\xbb\xbf\n  {\"spdxVersion\":"), Ok(InputKind::Sbom));
    }

    #[test]
    fn wrong_files_get_a_readable_reason() {
        let png = classify("cat.png", b"\x89PNG\r\n\x1a\n....").unwrap_err();
        assert!(png.starts_with("cat.png is not a container image"), "{png}");
        assert!(png.ends_with("it is a PNG picture"), "{png}");
        assert!(classify("e", b"").unwrap_err().ends_with("the file is empty"));
        assert!(classify("t.txt", b"hello").unwrap_err().contains("t.txt is not a container image"));
        let gz = classify("x.gz", &gzip(b"hello world")).unwrap_err();
        assert!(gz.contains("neither a tar archive"), "{gz}");
    }
}
