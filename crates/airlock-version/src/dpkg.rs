//! Debian version ordering, as `dpkg --compare-versions`.
//!
//! A version is `[epoch:]upstream[-revision]`. Versions order by epoch
//! (numerically), then upstream version, then revision, the last two with
//! dpkg's `verrevcmp` (see [`order`]). A missing revision orders like `0`, so
//! `1.0` equals `1.0-0`, and `1.0` equals `0:1.0`.

mod order;
mod parse;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::str::FromStr;

use crate::{ParseVersionError, VersionScheme};

/// A dpkg version `[epoch:]upstream[-revision]`.
///
/// Equality and hashing follow the ordering: `1.0`, `0:1.0`, `1.00` and
/// `1.0-0` are all equal.
#[derive(Debug, Clone)]
pub struct DpkgVersion {
    /// The version text, without surrounding blanks.
    raw: String,
    epoch: u32,
    /// Where the upstream version is in `raw`.
    upstream: Range<usize>,
    /// Where the revision is in `raw`, if there is one.
    revision: Option<Range<usize>>,
}

impl DpkgVersion {
    /// The text this version was parsed from, without surrounding blanks.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The epoch; 0 when the version has none.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The upstream version: between the epoch's `:` and the last `-`.
    pub fn upstream(&self) -> &str {
        self.raw.get(self.upstream.clone()).unwrap_or_default()
    }

    /// The Debian revision after the last `-`, if there is one.
    pub fn revision(&self) -> Option<&str> {
        self.revision.clone().and_then(|range| self.raw.get(range))
    }
}

/// Where the suffix `tail` of `whole` starts and ends in it.
fn tail_range(whole: &str, tail: &str) -> Range<usize> {
    whole.len() - tail.len()..whole.len()
}

impl FromStr for DpkgVersion {
    type Err = ParseVersionError;

    /// Parses like dpkg: surrounding spaces and tabs are ignored; what dpkg
    /// refuses (empty parts, a bad epoch, embedded spaces) is an error, and so
    /// is a control character. An upstream version that does not start with
    /// a digit is accepted, as dpkg does with a warning.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = parse::trim_blanks(s);
        let parts = parse::split(text).map_err(|reason| ParseVersionError {
            scheme: VersionScheme::Dpkg,
            raw: s.into(),
            reason,
        })?;
        Ok(Self {
            raw: text.into(),
            epoch: parts.epoch,
            // The revision ends `text`; the upstream version ends where the
            // revision's `-` is, or at the end.
            upstream: {
                let end = parts.revision.map_or(text.len(), |revision| text.len() - revision.len() - 1);
                end - parts.upstream.len()..end
            },
            revision: parts.revision.map(|revision| tail_range(text, revision)),
        })
    }
}

impl fmt::Display for DpkgVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl PartialEq for DpkgVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for DpkgVersion {}

impl Hash for DpkgVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.epoch.hash(state);
        order::hash_normalised(self.upstream(), state);
        // A marker between the two parts, so fewer unequal versions collide.
        state.write_u8(b'-');
        order::hash_normalised(self.revision().unwrap_or_default(), state);
    }
}

impl PartialOrd for DpkgVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DpkgVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| order::verrevcmp(self.upstream(), other.upstream()))
            .then_with(|| order::verrevcmp(self.revision().unwrap_or_default(), other.revision().unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn v(s: &str) -> DpkgVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn hash_of(v: &DpkgVersion) -> u64 {
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn debian_policy_examples() {
        assert!(v("5.2.15-2+b13") > v("5.2.15-2"));
        assert!(v("5.2.15-2+b13") < v("5.2.15-3"));
        assert!(v("1.0~rc1") < v("1.0"));
        assert!(v("1.0~rc1-1") < v("1.0-1"));
        assert!(v("1:0.9") > v("2.0"));
        assert!(v("2.36-9+deb12u4") > v("2.36-9"));
        assert!(v("2.36-9~deb12u1") < v("2.36-9"));
        assert!(v("1.0+dfsg-1") > v("1.0-1"));
        assert!(v("1.0a") < v("1.0+"));
        assert!(v("1.2.10") > v("1.2.9"));
    }

    #[test]
    fn long_digit_runs_do_not_overflow() {
        assert!(v("1.123456789012345678901234567890") > v("1.123456789012345678901234567889"));
        assert!(v("20240101000000000000000001") > v("9"));
    }

    #[test]
    fn equal_forms_hash_alike() {
        for (a, b) in [("1.0", "0:1.0"), ("1.0", "1.0-0"), ("1.00", "1.0"), ("1.0-00", "1.0"), ("01:1.0", "1:1.0-0")] {
            assert_eq!(v(a), v(b), "{a} = {b}");
            assert_eq!(hash_of(&v(a)), hash_of(&v(b)), "{a} and {b} hash alike");
        }
        assert_ne!(v("1.0"), v("1.0.0"));
        assert_ne!(v("1.0-1"), v("1.0"));
    }

    #[test]
    fn accessors() {
        let version = v(" 1:2.30-1+b2\t");
        assert_eq!(version.raw(), "1:2.30-1+b2");
        assert_eq!(version.epoch(), 1);
        assert_eq!(version.upstream(), "2.30");
        assert_eq!(version.revision(), Some("1+b2"));
        let plain = v("2.30");
        assert_eq!((plain.epoch(), plain.upstream(), plain.revision()), (0, "2.30", None));
    }

    #[test]
    fn upstream_without_leading_digit_is_accepted() {
        assert_eq!(v("abc-1").upstream(), "abc");
    }

    #[test]
    fn parse_errors_name_scheme_input_and_reason() {
        let err = "1:".parse::<DpkgVersion>().err();
        assert_eq!(
            err,
            Some(ParseVersionError {
                scheme: VersionScheme::Dpkg,
                raw: "1:".into(),
                reason: "nothing after colon in version number"
            })
        );
        assert_eq!(
            "1.0 beta".parse::<DpkgVersion>().err().map(|e| e.to_string()),
            Some("invalid dpkg version \"1.0 beta\": version string has embedded spaces".to_string())
        );
        assert!("  ".parse::<DpkgVersion>().is_err());
    }
}
