//! Debian version ordering (STUB: replaced by the real implementation).
use std::cmp::Ordering;
use std::str::FromStr;

use crate::{ParseVersionError, VersionScheme};

/// A dpkg version `[epoch:]upstream[-revision]`.
#[derive(Debug, Clone)]
pub struct DpkgVersion {
    raw: String,
}

impl DpkgVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }
}

impl FromStr for DpkgVersion {
    type Err = ParseVersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(ParseVersionError { scheme: VersionScheme::Dpkg, raw: s.into(), reason: "empty" });
        }
        Ok(Self { raw: s.into() })
    }
}

impl PartialEq for DpkgVersion {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for DpkgVersion {}
impl std::hash::Hash for DpkgVersion {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.raw.hash(h)
    }
}
impl PartialOrd for DpkgVersion {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for DpkgVersion {
    fn cmp(&self, o: &Self) -> Ordering {
        self.raw.cmp(&o.raw)
    }
}
