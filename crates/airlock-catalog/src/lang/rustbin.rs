//! Rust binaries built with `cargo auditable`: the `.dep-v0` section holds
//! zlib-compressed JSON listing every crate compiled in.
//!
//! Sections are found in ELF (32/64-bit, either byte order) and PE files;
//! Mach-O binaries are not read.

use std::io::Read;

use serde::Deserialize;

/// Name of the section `cargo auditable` writes.
const SECTION: &[u8] = b".dep-v0";
/// Largest decompressed dependency list read.
const MAX_JSON: u64 = 8 << 20;

/// One crate of the dependency list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct AuditableCrate {
    /// Crate name.
    pub(crate) name: String,
    /// Version.
    pub(crate) version: String,
    /// `crates.io`, `local`, `git`, … (`crates.io` when absent).
    #[serde(default)]
    pub(crate) source: Option<String>,
    /// `build` for build-time-only crates, else runtime.
    #[serde(default)]
    pub(crate) kind: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DepList {
    packages: Vec<AuditableCrate>,
}

/// The decompressed `.dep-v0` JSON, if the binary has the section.
pub(crate) fn extract(bytes: &[u8]) -> Result<Option<String>, String> {
    let section = match bytes {
        [0x7f, b'E', b'L', b'F', ..] => elf_section(bytes, SECTION)?,
        [b'M', b'Z', ..] => pe_section(bytes, SECTION)?,
        _ => None,
    };
    let Some(compressed) = section else { return Ok(None) };
    let mut json = String::new();
    flate2::read::ZlibDecoder::new(compressed)
        .take(MAX_JSON)
        .read_to_string(&mut json)
        .map_err(|e| format!("cargo auditable section is not zlib-compressed JSON: {e}"))?;
    Ok(Some(json))
}

/// The crates of a `.dep-v0` JSON document.
pub(crate) fn crates(json: &str) -> Result<Vec<AuditableCrate>, String> {
    serde_json::from_str::<DepList>(json).map(|d| d.packages).map_err(|e| format!("invalid cargo auditable JSON: {e}"))
}

fn int(bytes: &[u8], at: usize, len: usize, big: bool) -> Result<u64, String> {
    let raw = at.checked_add(len).and_then(|end| bytes.get(at..end)).ok_or("ELF/PE headers are truncated")?;
    let mut v: u64 = 0;
    for i in 0..len {
        let b = if big { raw[i] } else { raw[len - 1 - i] };
        v = (v << 8) | u64::from(b);
    }
    Ok(v)
}

fn slice(bytes: &[u8], offset: u64, size: u64) -> Result<&[u8], String> {
    let start = usize::try_from(offset).map_err(|_| "section offset out of range")?;
    let end = start.checked_add(usize::try_from(size).map_err(|_| "section size out of range")?).ok_or("overflow")?;
    bytes.get(start..end).ok_or_else(|| "section lies outside the file (truncated binary?)".to_owned())
}

/// The contents of ELF section `name`.
fn elf_section<'a>(bytes: &'a [u8], name: &[u8]) -> Result<Option<&'a [u8]>, String> {
    let is64 = match bytes.get(4) {
        Some(2) => true,
        Some(1) => false,
        _ => return Err("unknown ELF class".into()),
    };
    let big = bytes.get(5) == Some(&2);
    let (shoff, shentsize, shnum, shstrndx) = if is64 {
        (int(bytes, 0x28, 8, big)?, int(bytes, 0x3a, 2, big)?, int(bytes, 0x3c, 2, big)?, int(bytes, 0x3e, 2, big)?)
    } else {
        (int(bytes, 0x20, 4, big)?, int(bytes, 0x2e, 2, big)?, int(bytes, 0x30, 2, big)?, int(bytes, 0x32, 2, big)?)
    };
    if shoff == 0 || shnum == 0 {
        return Ok(None);
    }
    let header = |i: u64| -> Result<(u64, u64, u64), String> {
        let at = i
            .checked_mul(shentsize)
            .and_then(|rel| rel.checked_add(shoff))
            .and_then(|at| usize::try_from(at).ok())
            // The fields read below end 0x28 bytes in.
            .filter(|at| at.checked_add(0x28).is_some())
            .ok_or("bad section header offset")?;
        Ok(if is64 {
            (int(bytes, at, 4, big)?, int(bytes, at + 0x18, 8, big)?, int(bytes, at + 0x20, 8, big)?)
        } else {
            (int(bytes, at, 4, big)?, int(bytes, at + 0x10, 4, big)?, int(bytes, at + 0x14, 4, big)?)
        })
    };
    let (_, str_off, str_size) = header(shstrndx)?;
    let names = slice(bytes, str_off, str_size)?;
    for i in 0..shnum.min(4096) {
        let (name_at, offset, size) = header(i)?;
        let start = usize::try_from(name_at).unwrap_or(usize::MAX);
        let Some(tail) = names.get(start..) else { continue };
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        if &tail[..end] == name {
            return slice(bytes, offset, size).map(Some);
        }
    }
    Ok(None)
}

/// The raw data of PE section `name` (names are at most 8 bytes).
fn pe_section<'a>(bytes: &'a [u8], name: &[u8]) -> Result<Option<&'a [u8]>, String> {
    let pe = usize::try_from(int(bytes, 0x3c, 4, false)?).map_err(|_| "bad PE offset")?;
    // Past the end of the file: not a PE image (a DOS stub or junk).
    let Some(table_base) = pe.checked_add(24).filter(|_| bytes.get(pe..).is_some_and(|h| h.starts_with(b"PE\0\0")))
    else {
        return Ok(None);
    };
    let sections = int(bytes, pe + 6, 2, false)?;
    let optional = usize::try_from(int(bytes, pe + 20, 2, false)?).map_err(|_| "bad PE header")?;
    let table = table_base.checked_add(optional).ok_or("bad PE header")?;
    for i in 0..usize::try_from(sections).unwrap_or(0).min(96) {
        let at = table.checked_add(i * 40).filter(|at| at.checked_add(40).is_some()).ok_or("bad PE section table")?;
        let raw = at.checked_add(8).and_then(|end| bytes.get(at..end)).ok_or("PE section table is truncated")?;
        let end = raw.iter().position(|&b| b == 0).unwrap_or(8);
        if &raw[..end] == name {
            let size = int(bytes, at + 16, 4, false)?;
            let offset = int(bytes, at + 20, 4, false)?;
            let virtual_size = int(bytes, at + 8, 4, false)?;
            let size = if virtual_size > 0 { size.min(virtual_size) } else { size };
            return slice(bytes, offset, size).map(Some);
        }
    }
    Ok(None)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal 64-bit little-endian ELF with sections `""`, `.shstrtab`, `.dep-v0`.
    pub(crate) fn fake_elf(payload: &[u8]) -> Vec<u8> {
        let names = b"\0.shstrtab\0.dep-v0\0";
        let mut out = vec![0u8; 64];
        out[..4].copy_from_slice(b"\x7fELF");
        out[4] = 2;
        out[5] = 1;
        let names_at = out.len() as u64;
        out.extend_from_slice(names);
        let payload_at = out.len() as u64;
        out.extend_from_slice(payload);
        let shoff = out.len() as u64;
        let mut section = |name: u32, offset: u64, size: u64| {
            let mut h = vec![0u8; 64];
            h[..4].copy_from_slice(&name.to_le_bytes());
            h[0x18..0x20].copy_from_slice(&offset.to_le_bytes());
            h[0x20..0x28].copy_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&h);
        };
        section(0, 0, 0);
        section(1, names_at, names.len() as u64);
        section(11, payload_at, payload.len() as u64);
        out[0x28..0x30].copy_from_slice(&shoff.to_le_bytes());
        out[0x3a..0x3c].copy_from_slice(&64u16.to_le_bytes());
        out[0x3c..0x3e].copy_from_slice(&3u16.to_le_bytes());
        out[0x3e..0x40].copy_from_slice(&1u16.to_le_bytes());
        out
    }

    /// A well-formed ELF whose only extra section is not `.dep-v0`.
    pub(crate) fn fake_elf_without_dep_list() -> Vec<u8> {
        let mut elf = fake_elf(b"data");
        let at = elf.windows(7).position(|w| w == SECTION).unwrap();
        elf[at + 6] = b'9';
        elf
    }

    pub(crate) fn zlib(text: &str) -> Vec<u8> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn reads_the_dep_list_from_an_elf_section() {
        let json = r#"{"packages":[{"name":"app","version":"0.1.0","source":"local","root":true},
            {"name":"smallvec","version":"1.6.0","source":"crates.io","dependencies":[]},
            {"name":"cc","version":"1.0.0","kind":"build"}]}"#;
        let elf = fake_elf(&zlib(json));
        let got = crates(&extract(&elf).unwrap().unwrap()).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!((got[1].name.as_str(), got[1].version.as_str()), ("smallvec", "1.6.0"));
        assert_eq!(got[2].kind.as_deref(), Some("build"));
    }

    #[test]
    fn truncated_or_garbled_binaries_are_errors_not_panics() {
        let elf = fake_elf(&zlib(r#"{"packages":[]}"#));
        for cut in [3, 10, 0x30, 64, elf.len() - 10] {
            let _ = extract(&elf[..cut]);
        }
        assert!(extract(&elf[..elf.len() - 40]).is_err());
        let garbled = fake_elf(b"not zlib at all");
        assert!(extract(&garbled).unwrap_err().starts_with("cargo auditable section is not zlib"));
        assert_eq!(extract(b"MZ\0\0").unwrap_err(), "ELF/PE headers are truncated");
        assert!(crates("{}").is_err());
        // Huge offsets and counts never overflow or panic.
        let mut wild = fake_elf(b"x");
        wild[0x28..0x30].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(extract(&wild).is_err());
        let mut pe = b"MZ".to_vec();
        pe.resize(0x40, 0);
        pe[0x3c..0x40].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(extract(&pe).unwrap(), None);
        assert_eq!(extract(&fake_elf_without_dep_list()).unwrap(), None);
    }
}
