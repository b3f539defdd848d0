//! Go build information embedded in executables (ELF, PE, Mach-O alike).
//!
//! Go 1.18+ writes a 32-byte header starting `\xff Go buildinf:` followed
//! by two varint-prefixed strings: the Go version and the module info
//! (`path`, `mod`, `dep`, `=>` lines between 16-byte sentinels). The header
//! is found by scanning the file, so no object-format parsing is needed.
//! Older binaries store pointers instead; those are reported, not read.

use serde::{Deserialize, Serialize};

/// The build-info header magic.
const MAGIC: &[u8] = b"\xff Go buildinf:";
/// Flag bit: version and module info are inline strings (Go 1.18+).
const FLAG_INLINE: u8 = 0x2;

/// The raw build info of a Go binary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct GoBuildInfo {
    /// `go1.20.4`.
    pub(crate) go_version: String,
    /// Module info text without its sentinels.
    pub(crate) modinfo: String,
}

/// One module from the module info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GoModule {
    /// Module path.
    pub(crate) path: String,
    /// Version (`v1.2.3`, a pseudo-version, or `(devel)`).
    pub(crate) version: String,
    /// Whether this is the main module.
    pub(crate) main: bool,
}

/// Finds and reads the build info; `Ok(None)` when the file has none.
///
/// The magic can also occur as a constant (the Go toolchain's own
/// `debug/buildinfo` carries it), so candidates with an implausible header
/// are passed over; an error is returned only when no candidate reads and
/// one looked like real build info.
pub(crate) fn extract(bytes: &[u8]) -> Result<Option<GoBuildInfo>, String> {
    let mut from = 0;
    let mut problem: Option<&'static str> = None;
    while let Some(found) = find(bytes.get(from..).unwrap_or_default(), MAGIC) {
        let at = from + found;
        from = at + 1;
        let Some(header) = bytes.get(at..at + 32) else {
            problem = Some("Go build info header is truncated");
            continue;
        };
        if !matches!(header[14], 4 | 8) {
            continue;
        }
        if header[15] & FLAG_INLINE == 0 {
            problem = problem.or(Some("Go build info from before Go 1.18 (pointer format) is not read"));
            continue;
        }
        let mut rest = &bytes[at + 32..];
        let Some(go_version) = read_string(&mut rest) else {
            problem = Some("Go build info: truncated version string");
            continue;
        };
        if !go_version.starts_with("go") && !go_version.starts_with("devel") {
            continue;
        }
        let Some(modinfo) = read_string(&mut rest) else {
            problem = Some("Go build info: truncated module info");
            continue;
        };
        return Ok(Some(GoBuildInfo { go_version, modinfo: strip_sentinels(&modinfo).to_owned() }));
    }
    problem.map_or(Ok(None), |p| Err(p.to_owned()))
}

/// Position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut start = 0;
    while let Some(pos) = haystack.get(start..)?.iter().position(|&b| b == first) {
        let at = start + pos;
        if haystack.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        start = at + 1;
    }
    None
}

/// A uvarint-length-prefixed string; advances `rest`.
fn read_string(rest: &mut &[u8]) -> Option<String> {
    let mut len: u64 = 0;
    let mut shift = 0;
    loop {
        let (&b, tail) = rest.split_first()?;
        *rest = tail;
        len |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    let len = usize::try_from(len).ok()?;
    let (s, tail) = (rest.get(..len)?, rest.get(len..)?);
    *rest = tail;
    Some(String::from_utf8_lossy(s).into_owned())
}

/// The module info sits between two 16-byte sentinels when non-empty.
fn strip_sentinels(modinfo: &str) -> &str {
    let b = modinfo.as_bytes();
    if b.len() >= 33 && b[b.len() - 17] == b'\n' { modinfo.get(16..b.len() - 16).unwrap_or(modinfo) } else { modinfo }
}

/// The main module and dependencies (`=>` replacements applied).
pub(crate) fn modules(modinfo: &str) -> Vec<GoModule> {
    let mut out: Vec<GoModule> = Vec::new();
    for line in modinfo.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["mod", path, version, ..] => {
                out.push(GoModule { path: (*path).to_owned(), version: (*version).to_owned(), main: true });
            }
            ["dep", path, version, ..] => {
                out.push(GoModule { path: (*path).to_owned(), version: (*version).to_owned(), main: false });
            }
            ["=>", path, version, ..] => {
                if let Some(last) = out.last_mut() {
                    last.path = (*path).to_owned();
                    last.version = (*version).to_owned();
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A fake binary with a Go 1.18+ build info blob at an odd offset.
    pub(crate) fn fake_binary(go: &str, modinfo: &str) -> Vec<u8> {
        let mut out = b"\x7fELF junk \xff Go notit".to_vec();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[8, FLAG_INLINE]);
        out.extend_from_slice(&[0; 16]);
        let sentinel = "0123456789abcdef";
        let wrapped = format!("{sentinel}{modinfo}{sentinel}");
        for s in [go, wrapped.as_str()] {
            let mut len = s.len();
            while len >= 0x80 {
                out.push(u8::try_from(len & 0x7f).unwrap() | 0x80);
                len >>= 7;
            }
            out.push(u8::try_from(len).unwrap());
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(b"tail");
        out
    }

    #[test]
    fn reads_version_modules_and_replacements() {
        let modinfo = "path\tgithub.com/evanw/esbuild/cmd/esbuild\nmod\tgithub.com/evanw/esbuild\t(devel)\t\n\
            dep\tgolang.org/x/sys\tv0.0.0-20220715151400-c0bba94af5f8\th1:x\n\
            dep\texample.com/old\tv1.0.0\th1:y\n=>\texample.com/new\tv1.1.0\th1:z\nbuild\t-compiler=gc\n";
        let info = extract(&fake_binary("go1.20.4", modinfo)).unwrap().unwrap();
        assert_eq!(info.go_version, "go1.20.4");
        assert_eq!(info.modinfo, modinfo);
        let mods = modules(&info.modinfo);
        let got: Vec<_> = mods.iter().map(|m| (m.path.as_str(), m.version.as_str(), m.main)).collect();
        assert_eq!(
            got,
            [
                ("github.com/evanw/esbuild", "(devel)", true),
                ("golang.org/x/sys", "v0.0.0-20220715151400-c0bba94af5f8", false),
                ("example.com/new", "v1.1.0", false),
            ]
        );
    }

    #[test]
    fn truncated_and_old_format_binaries_are_errors() {
        let full = fake_binary("go1.20.4", "mod\tm\tv1\t\n");
        assert_eq!(modules(&extract(&full).unwrap().unwrap().modinfo).len(), 1);
        let magic_at = find(&full, MAGIC).unwrap();
        assert_eq!(extract(&full[..magic_at + 20]).unwrap_err(), "Go build info header is truncated");
        assert_eq!(extract(&full[..magic_at + 43]).unwrap_err(), "Go build info: truncated module info");
        let mut old = full.clone();
        old[magic_at + 15] = 0;
        assert!(extract(&old).unwrap_err().contains("pointer format"));
        assert_eq!(extract(b"\x7fELF\x02\x01 no go here").unwrap(), None);
        // The magic as a constant (random bytes after it) before the real header.
        let mut with_constant = b"\xff Go buildinf:\x07\x00 rodata".to_vec();
        with_constant.extend_from_slice(&full);
        assert_eq!(extract(&with_constant).unwrap().unwrap().go_version, "go1.20.4");
    }
}
