//! rpm header blobs as the package databases store them: an index of
//! `(tag, type, offset, count)` entries followed by a data store, all
//! big-endian, without the lead magic of an `.rpm` file.

use super::RpmDbError;

/// `RPMTAG_NAME`.
const TAG_NAME: u32 = 1000;
/// `RPMTAG_VERSION`.
const TAG_VERSION: u32 = 1001;
/// `RPMTAG_RELEASE`.
const TAG_RELEASE: u32 = 1002;
/// `RPMTAG_EPOCH`.
const TAG_EPOCH: u32 = 1003;
/// `RPMTAG_VENDOR`.
const TAG_VENDOR: u32 = 1011;
/// `RPMTAG_ARCH`.
const TAG_ARCH: u32 = 1022;
/// `RPMTAG_SOURCERPM`.
const TAG_SOURCERPM: u32 = 1044;

/// `RPM_INT32_TYPE`.
const TYPE_INT32: u32 = 4;
/// `RPM_STRING_TYPE`.
const TYPE_STRING: u32 = 6;
/// `RPM_I18NSTRING_TYPE` (the first string is the untranslated one).
const TYPE_I18NSTRING: u32 = 9;

/// Largest index a header may declare (rpm's own limit is 0xffff).
const MAX_INDEX_ENTRIES: usize = 0x1_0000;

/// The fields of one installed package header that Airlock uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RpmHeader {
    /// `NAME`.
    pub name: String,
    /// `EPOCH`, `None` when the header has no such tag.
    pub epoch: Option<u32>,
    /// `VERSION`.
    pub version: String,
    /// `RELEASE`.
    pub release: String,
    /// `ARCH`, if present (absent on `gpg-pubkey` pseudo-packages).
    pub arch: Option<String>,
    /// `SOURCERPM` (`bash-5.1.8-1.cm2.src.rpm`), if present.
    pub source_rpm: Option<String>,
    /// `VENDOR`, if present.
    pub vendor: Option<String>,
}

impl RpmHeader {
    /// The source package name: `SOURCERPM` without `-<version>-<release>.src.rpm`.
    pub fn source_name(&self) -> Option<&str> {
        let stem = self.source_rpm.as_deref()?;
        let stem = stem.strip_suffix(".rpm").unwrap_or(stem);
        let stem = stem.rsplit_once('.').map_or(stem, |(head, _arch)| head);
        let (rest, _release) = stem.rsplit_once('-')?;
        let (name, _version) = rest.rsplit_once('-')?;
        (!name.is_empty()).then_some(name)
    }

    /// `EPOCH:VERSION-RELEASE`, the epoch left out when absent or zero.
    pub fn evr(&self) -> String {
        match self.epoch {
            Some(e) if e != 0 => format!("{e}:{}-{}", self.version, self.release),
            _ => format!("{}-{}", self.version, self.release),
        }
    }
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let chunk = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
}

/// Parses a header blob. Every offset is bounds-checked: a damaged blob is
/// an error, never a panic.
pub(crate) fn parse_header(blob: &[u8]) -> Result<RpmHeader, RpmDbError> {
    let bad = |reason: String| RpmDbError::Header(reason);
    let count = be32(blob, 0).ok_or_else(|| bad("blob shorter than 8 bytes".into()))? as usize;
    let data_len = be32(blob, 4).ok_or_else(|| bad("blob shorter than 8 bytes".into()))? as usize;
    if count == 0 || count > MAX_INDEX_ENTRIES {
        return Err(bad(format!("implausible index size {count}")));
    }
    let data_start = 8 + count * 16;
    let data = data_start.checked_add(data_len).and_then(|end| blob.get(data_start..end)).ok_or_else(|| {
        bad(format!("{count} index entries and {data_len} data bytes exceed the {}-byte blob", blob.len()))
    })?;
    let mut header = RpmHeader::default();
    let mut has = (false, false, false);
    for i in 0..count {
        let at = 8 + i * 16;
        let (Some(tag), Some(kind), Some(offset), Some(n)) =
            (be32(blob, at), be32(blob, at + 4), be32(blob, at + 8), be32(blob, at + 12))
        else {
            return Err(bad(format!("index entry {i} is cut off")));
        };
        let offset = offset as usize;
        let string = || -> Result<String, RpmDbError> {
            if kind != TYPE_STRING && kind != TYPE_I18NSTRING {
                return Err(bad(format!("tag {tag} has type {kind}, expected a string")));
            }
            let tail = data.get(offset..).ok_or_else(|| bad(format!("tag {tag}: offset {offset} out of range")))?;
            let end =
                tail.iter().position(|&b| b == 0).ok_or_else(|| bad(format!("tag {tag}: unterminated string")))?;
            Ok(String::from_utf8_lossy(&tail[..end]).into_owned())
        };
        match tag {
            TAG_NAME => {
                header.name = string()?;
                has.0 = true;
            }
            TAG_VERSION => {
                header.version = string()?;
                has.1 = true;
            }
            TAG_RELEASE => {
                header.release = string()?;
                has.2 = true;
            }
            TAG_ARCH => header.arch = Some(string()?),
            TAG_SOURCERPM => header.source_rpm = Some(string()?),
            TAG_VENDOR => header.vendor = Some(string()?),
            TAG_EPOCH => {
                if kind != TYPE_INT32 || n == 0 {
                    return Err(bad(format!("EPOCH has type {kind} and count {n}, expected one int32")));
                }
                header.epoch =
                    Some(be32(data, offset).ok_or_else(|| bad(format!("EPOCH: offset {offset} out of range")))?);
            }
            _ => {}
        }
    }
    match has {
        (true, true, true) => Ok(header),
        _ => Err(bad("header lacks NAME, VERSION or RELEASE".into())),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a header blob from `(tag, type, payload)` entries.
    pub(crate) fn blob(entries: &[(u32, u32, Vec<u8>)]) -> Vec<u8> {
        let mut index = Vec::new();
        let mut data = Vec::new();
        for (tag, kind, payload) in entries {
            while *kind == TYPE_INT32 && data.len() % 4 != 0 {
                data.push(0);
            }
            for v in [*tag, *kind, data.len() as u32, 1] {
                index.extend_from_slice(&v.to_be_bytes());
            }
            data.extend_from_slice(payload);
        }
        let mut out = (entries.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend(index);
        out.extend(data);
        out
    }

    /// A string payload.
    pub(crate) fn s(text: &str) -> Vec<u8> {
        let mut v = text.as_bytes().to_vec();
        v.push(0);
        v
    }

    /// A small valid header `name 2:1.0-1 x86_64`.
    pub(crate) fn sample(name: &str) -> Vec<u8> {
        blob(&[
            (TAG_NAME, TYPE_STRING, s(name)),
            (TAG_VERSION, TYPE_STRING, s("1.0")),
            (TAG_RELEASE, TYPE_STRING, s("1")),
            (TAG_EPOCH, TYPE_INT32, 2u32.to_be_bytes().to_vec()),
            (TAG_ARCH, TYPE_STRING, s("x86_64")),
            (TAG_SOURCERPM, TYPE_STRING, s(&format!("{name}-src-1.0-1.src.rpm"))),
        ])
    }

    #[test]
    fn reads_the_fields() {
        let header = parse_header(&sample("zlib")).unwrap();
        assert_eq!(header.name, "zlib");
        assert_eq!(header.epoch, Some(2));
        assert_eq!(header.evr(), "2:1.0-1");
        assert_eq!(header.arch.as_deref(), Some("x86_64"));
        assert_eq!(header.source_name(), Some("zlib-src"));
    }

    #[test]
    fn source_names() {
        let h = |s: &str| RpmHeader { source_rpm: Some(s.into()), ..RpmHeader::default() };
        assert_eq!(h("ca-certificates-20211016-1.cm2.src.rpm").source_name(), Some("ca-certificates"));
        assert_eq!(h("glibc-2.28-225.el8_8.6.src.rpm").source_name(), Some("glibc"));
        assert_eq!(h("junk").source_name(), None);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let full = sample("bash");
        for len in 0..full.len() {
            assert!(parse_header(&full[..len]).is_err(), "cut at {len}");
        }
        let mut huge = full.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(parse_header(&huge).is_err());
        let mut wild = full;
        // Point NAME's offset far outside the data store.
        wild[16..20].copy_from_slice(&0x7fff_fff0u32.to_be_bytes());
        assert!(parse_header(&wild).is_err());
    }
}
