//! Semantic Versioning 2.0.0 (<https://semver.org>, §11 precedence), as npm's
//! `semver` package (`compare`) and crates.io order versions.
//!
//! Precedence: major, minor and patch numerically; a pre-release sorts
//! before its release; pre-release identifiers compare left to right,
//! numeric ones numerically and below alphanumeric ones, which compare by
//! ASCII; a shorter identifier list that is a prefix sorts first. Build
//! metadata (`+...`) is ignored. Parsing is lenient where OSV data needs it
//! (OSV's `semver` ecosystem rules): a `v` prefix, missing minor/patch (0),
//! numbers of any length and leading zeros are accepted, and dotted
//! components after the patch count as build metadata.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::Digits;
use crate::{ParseVersionError, VersionScheme};

/// One pre-release identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Ident {
    /// Digits only: compared numerically, below any alphanumeric identifier.
    Number(Digits),
    /// Anything else: compared by ASCII.
    Text(Box<str>),
}

impl Ident {
    pub(crate) fn new(s: &str) -> Self {
        if s.bytes().all(|b| b.is_ascii_digit()) { Self::Number(Digits::new(s)) } else { Self::Text(s.into()) }
    }
}

/// The compared part of a semantic version: numbers and pre-release.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Precedence {
    pub(crate) main: [Digits; 3],
    pub(crate) pre: Vec<Ident>,
}

impl Ord for Precedence {
    fn cmp(&self, other: &Self) -> Ordering {
        self.main.cmp(&other.main).then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => self.pre.cmp(&other.pre),
        })
    }
}

impl PartialOrd for Precedence {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Whether `s` is a non-empty run of `[0-9A-Za-z-]`.
pub(crate) fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Parses the pre-release identifiers after `-`.
pub(crate) fn parse_pre(pre: &str) -> Option<Vec<Ident>> {
    pre.split('.').map(|id| is_identifier(id).then(|| Ident::new(id))).collect()
}

/// A semantic version such as `1.2.3-rc.1+build.5`.
///
/// Equality and hashing follow precedence, so build metadata is ignored:
/// `1.0.0+a` equals `1.0.0+b`.
#[derive(Debug, Clone)]
pub struct SemverVersion {
    raw: String,
    precedence: Precedence,
}

impl SemverVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether the version has a pre-release part.
    pub fn is_prerelease(&self) -> bool {
        !self.precedence.pre.is_empty()
    }
}

impl FromStr for SemverVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::Semver, raw: s.into(), reason };
        let text = s.trim();
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        if text.is_empty() {
            return Err(reject("empty"));
        }
        let (text, build) = match text.split_once('+') {
            Some((t, b)) => (t, Some(b)),
            None => (text, None),
        };
        if build.is_some_and(|b| !b.split('.').all(is_identifier)) {
            return Err(reject("invalid build metadata"));
        }
        let (core, pre) = match text.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (text, None),
        };
        let mut parts = core.split('.');
        let mut main = [Digits::new("0"), Digits::new("0"), Digits::new("0")];
        for (i, slot) in main.iter_mut().enumerate() {
            match parts.next() {
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => *slot = Digits::new(p),
                None if i > 0 => break,
                _ => return Err(reject("major, minor and patch must be numbers")),
            }
        }
        // Further dotted components are build metadata to OSV (`1.1.3.4.5`).
        if !parts.all(is_identifier) {
            return Err(reject("invalid component after the patch number"));
        }
        let pre = match pre {
            Some(p) => parse_pre(p).ok_or_else(|| reject("invalid pre-release identifier"))?,
            None => Vec::new(),
        };
        Ok(Self { raw: s.into(), precedence: Precedence { main, pre } })
    }
}

impl Ord for SemverVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.precedence.cmp(&other.precedence)
    }
}

impl Hash for SemverVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.precedence.hash(state);
    }
}

crate::order_from_ord!(SemverVersion);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> SemverVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn spec_example_order() {
        let order = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
        ];
        for pair in order.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn build_metadata_and_prefix_are_ignored() {
        assert_eq!(v("1.2.3+a"), v("v1.2.3+b.c"));
        assert_eq!(v("1.2"), v("1.2.0"));
        assert!(v("1.2.3-a.b") > v("1.2.3-a.5"));
        assert!(v("1.2.3-5-Foo") < v("1.2.3-5-foo"));
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["", "v", "1..2", "1.2.x", "1.2.3-", "1.2.3-a..b", "1.2.3+", "a.b.c", "1.2.3-ä"] {
            assert!(bad.parse::<SemverVersion>().is_err(), "{bad:?} should be rejected");
        }
    }
}
