//! NuGet package versions, ordered as NuGet.Versioning's `NuGetVersion` and
//! `VersionComparer.Default` (docs.microsoft.com "Package versioning").
//!
//! `major.minor[.patch[.revision]]` (missing parts are 0, leading zeros
//! allowed), an optional `-` release label and `+` metadata. Numbers
//! compare numerically; a version with a release label sorts before the one
//! without; labels compare part by part (split at `.`): numeric parts
//! numerically and below text parts, text parts case-insensitively. Metadata
//! is ignored.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::Digits;
use crate::semver::{Ident, is_identifier};
use crate::{ParseVersionError, VersionScheme};

/// A NuGet version such as `4.5.0.1-Preview.2+sha.abc`.
///
/// Equality and hashing follow the ordering: `1.0` equals `1.0.0.0` and
/// `1.0-BETA` equals `1.0-beta`.
#[derive(Debug, Clone)]
pub struct NuGetVersion {
    raw: String,
    numbers: [Digits; 4],
    /// Release label parts, text lowercased.
    release: Vec<Ident>,
}

impl NuGetVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether the version has a release label.
    pub fn is_prerelease(&self) -> bool {
        !self.release.is_empty()
    }
}

impl FromStr for NuGetVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::NuGet, raw: s.into(), reason };
        let text = s.trim();
        if text.is_empty() {
            return Err(reject("empty"));
        }
        let (text, metadata) = match text.split_once('+') {
            Some((t, m)) => (t, Some(m)),
            None => (text, None),
        };
        if metadata.is_some_and(|m| !m.split('.').all(is_identifier)) {
            return Err(reject("invalid metadata"));
        }
        let (core, label) = match text.split_once('-') {
            Some((c, l)) => (c, Some(l)),
            None => (text, None),
        };
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() > 4 || !parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(reject("expected 1 to 4 dot-separated numbers"));
        }
        let number = |i: usize| Digits::new(parts.get(i).copied().unwrap_or("0"));
        let release = match label {
            None => Vec::new(),
            Some(l) => l
                .split('.')
                .map(|p| is_identifier(p).then(|| Ident::new(&p.to_ascii_lowercase())))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| reject("invalid release label"))?,
        };
        Ok(Self { raw: s.into(), numbers: [number(0), number(1), number(2), number(3)], release })
    }
}

impl Ord for NuGetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| match (self.release.is_empty(), other.release.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => self.release.cmp(&other.release),
        })
    }
}

impl Hash for NuGetVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.numbers, &self.release).hash(state);
    }
}

crate::order_from_ord!(NuGetVersion);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> NuGetVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn four_parts_and_labels() {
        assert_eq!(v("1.0"), v("1.0.0.0"));
        assert_eq!(v("1.0.01"), v("1.0.1"));
        assert!(v("1.0.0") < v("1.0.0.1"));
        assert!(v("1.0.0-beta") < v("1.0.0"));
        assert_eq!(v("1.0.0-BETA+AA"), v("1.0.0-beta+aa"));
        assert!(v("1.0.0-beta.2") < v("1.0.0-beta.10"));
        assert!(v("1.0.0-beta2") > v("1.0.0-BETA"));
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["", "a", "1.2.3.4.5", "1..2", "1.0-", "1.0-a..b", "1.0+"] {
            assert!(bad.parse::<NuGetVersion>().is_err(), "{bad:?} should be rejected");
        }
    }
}
