//! Alpine version ordering (STUB: replaced by the real implementation).
use std::cmp::Ordering;
use std::str::FromStr;

use crate::{ParseVersionError, VersionScheme};

/// An apk version `1.2.3_rc1-r0`.
#[derive(Debug, Clone)]
pub struct ApkVersion {
    raw: String,
}

impl ApkVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }
}

impl FromStr for ApkVersion {
    type Err = ParseVersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(ParseVersionError { scheme: VersionScheme::Apk, raw: s.into(), reason: "empty" });
        }
        Ok(Self { raw: s.into() })
    }
}

impl PartialEq for ApkVersion {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for ApkVersion {}
impl std::hash::Hash for ApkVersion {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.raw.hash(h)
    }
}
impl PartialOrd for ApkVersion {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for ApkVersion {
    fn cmp(&self, o: &Self) -> Ordering {
        self.raw.cmp(&o.raw)
    }
}
