//! Alpine version ordering, as `apk version -t` of apk-tools 2.x.
//!
//! Grammar: `digit{.digit}...{letter}{_suffix{#}}...{-r#}`, where the
//! suffixes `_alpha _beta _pre _rc` sort before the release and
//! `_cvs _svn _git _hg _p` after it. Strings outside the grammar are still
//! ordered, the way apk-tools orders them (see [`ApkVersion::is_valid`]).

mod token;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::{ParseVersionError, VersionScheme};
use token::{Kind, Tokens};

/// An apk version such as `1.2.3_rc1-r0`.
///
/// Equality and hashing follow the ordering: `01` equals `1` and `1-r` equals
/// `1-r0`, as for apk-tools.
#[derive(Debug, Clone)]
pub struct ApkVersion {
    raw: String,
    tokens: Tokens,
}

impl ApkVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether the whole string follows the apk version grammar
    /// (apk-tools' `apk_version_validate`). Invalid versions still compare.
    pub fn is_valid(&self) -> bool {
        self.tokens.end == Kind::End
    }

    /// The package release `N` of a trailing `-rN` (`-r` alone counts as 0),
    /// or `None` without one (or if `N` does not fit a `u64`).
    pub fn release(&self) -> Option<u64> {
        self.tokens.tokens.iter().find(|t| t.kind == Kind::RevisionNo).and_then(|t| u64::try_from(t.value).ok())
    }
}

impl FromStr for ApkVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::Apk, raw: s.into(), reason };
        if s.is_empty() {
            return Err(reject("empty"));
        }
        if s.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) {
            return Err(reject("contains whitespace or a control character"));
        }
        Ok(Self { raw: s.into(), tokens: token::tokenize(s.as_bytes()) })
    }
}

impl fmt::Display for ApkVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl PartialEq for ApkVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ApkVersion {}

impl Hash for ApkVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Two versions compare equal exactly when their token streams are
        // identical, so the tokens are the normalised form.
        self.tokens.hash(state);
    }
}

impl PartialOrd for ApkVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ApkVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        token::compare(&self.tokens, &other.tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn v(s: &str) -> ApkVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn hash_of(v: &ApkVersion) -> u64 {
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn release_sorts_above_bare_version() {
        assert!(v("1.5.1") < v("1.5.1-r0"));
        assert!(v("1.5.1-r0") < v("1.5.1-r1"));
        assert!(v("1.5.1-r9") < v("1.5.1-r10"));
    }

    #[test]
    fn suffixes_order_around_release() {
        let order = [
            "1.0_alpha",
            "1.0_beta2",
            "1.0_pre1",
            "1.0_rc1",
            "1.0",
            "1.0_cvs",
            "1.0_svn",
            "1.0_git",
            "1.0_hg",
            "1.0_p1",
        ];
        for pair in order.windows(2) {
            if let [a, b] = pair {
                assert!(v(a) < v(b), "{a} < {b}");
            }
        }
    }

    #[test]
    fn leading_zeros_follow_apk() {
        assert!(v("1.0") > v("1.00"));
        assert!(v("1.01") < v("1.1"));
        assert_eq!(v("01"), v("1"));
    }

    #[test]
    fn equal_versions_hash_equal() {
        for (a, b) in [("01", "1"), ("1.0-r", "1.0-r0"), ("1.0-r00", "1.0-r0"), ("2.0_p01", "2.0_p1")] {
            assert_eq!(v(a), v(b), "{a} = {b}");
            assert_eq!(hash_of(&v(a)), hash_of(&v(b)), "{a} and {b} hash alike");
        }
    }

    #[test]
    fn accessors() {
        assert_eq!(v("1.2.3-r7").release(), Some(7));
        assert_eq!(v("1.2.3").release(), None);
        assert!(v("1.2.3_rc1-r0").is_valid());
        assert!(!v("1.0bc").is_valid());
        assert_eq!(v("1.2.3-r7").raw(), "1.2.3-r7");
    }

    #[test]
    fn parse_errors() {
        for (input, reason) in [
            ("", "empty"),
            ("1.0 ", "contains whitespace or a control character"),
            ("1\t2", "contains whitespace or a control character"),
        ] {
            let err = input.parse::<ApkVersion>().err();
            assert_eq!(err.map(|e| (e.scheme, e.reason)), Some((VersionScheme::Apk, reason)), "{input:?}");
        }
    }
}
