//! Ruby gem versions, ordered as RubyGems' `Gem::Version#<=>` (RubyGems 3.x,
//! `lib/rubygems/version.rb`).
//!
//! A version matches `\d+(\.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`
//! (surrounding whitespace allowed, blank means `0`); `-` reads as `.pre.`.
//! Segments are runs of digits (numbers) or letters (strings, so
//! pre-releases). The canonical segments drop trailing zeros from the
//! numeric prefix and from the rest; they are compared pairwise with missing
//! ones as 0: a string sorts below a number, strings compare by bytes.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::Digits;
use crate::{ParseVersionError, VersionScheme};

/// One segment of a gem version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Number(Digits),
    Text(Box<str>),
}

impl Segment {
    fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Number(a), Self::Number(b)) => a.cmp(b),
            (Self::Text(a), Self::Text(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Self::Text(_), Self::Number(_)) => Ordering::Less,
            (Self::Number(_), Self::Text(_)) => Ordering::Greater,
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, Self::Number(n) if n.is_zero())
    }
}

/// A RubyGems version such as `1.2.0.pre.rc1` or `3.0.0-beta`.
///
/// Equality and hashing follow the ordering: `1.0` equals `1` and `1.0.a`
/// equals `1.a`.
#[derive(Debug, Clone)]
pub struct GemVersion {
    raw: String,
    canonical: Vec<Segment>,
}

impl GemVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether the version has a letter in it (`Gem::Version#prerelease?`).
    pub fn is_prerelease(&self) -> bool {
        self.canonical.iter().any(|s| matches!(s, Segment::Text(_)))
    }
}

/// `Gem::Version::ANCHORED_VERSION_PATTERN`, without the whitespace.
fn well_formed(s: &str) -> bool {
    let (release, pre) = match s.split_once('-') {
        Some((r, p)) => (r, Some(p)),
        None => (s, None),
    };
    let mut parts = release.split('.');
    let first_ok = parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let rest_ok = parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    let pre_ok = pre.is_none_or(|p| {
        p.split('.').all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    });
    first_ok && rest_ok && pre_ok
}

fn segments(s: &str) -> Vec<Segment> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let digit = bytes[i].is_ascii_digit();
        if !digit && !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let len = bytes[i..]
            .iter()
            .position(|b| if digit { !b.is_ascii_digit() } else { !b.is_ascii_alphabetic() })
            .unwrap_or(bytes.len() - i);
        let run = &s[i..i + len];
        out.push(if digit { Segment::Number(Digits::new(run)) } else { Segment::Text(run.into()) });
        i += len;
    }
    out
}

/// `Gem::Version#canonical_segments`.
fn canonical(mut all: Vec<Segment>) -> Vec<Segment> {
    let split = all.iter().position(|s| matches!(s, Segment::Text(_))).unwrap_or(all.len());
    let mut strings = all.split_off(split);
    while all.last().is_some_and(Segment::is_zero) {
        all.pop();
    }
    while strings.last().is_some_and(Segment::is_zero) {
        strings.pop();
    }
    all.extend(strings);
    all
}

impl FromStr for GemVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let text = if text.is_empty() { "0" } else { text };
        if !well_formed(text) {
            return Err(ParseVersionError {
                scheme: VersionScheme::RubyGems,
                raw: s.into(),
                reason: "malformed version number string",
            });
        }
        let text = text.replace('-', ".pre.");
        Ok(Self { raw: s.into(), canonical: canonical(segments(&text)) })
    }
}

impl Ord for GemVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::Number(Digits::new("0"));
        let len = self.canonical.len().max(other.canonical.len());
        (0..len)
            .map(|i| {
                let a = self.canonical.get(i).unwrap_or(&zero);
                let b = other.canonical.get(i).unwrap_or(&zero);
                a.compare(b)
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl Hash for GemVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Canonical segments never end in a zero, so equal means identical.
        self.canonical.hash(state);
    }
}

crate::order_from_ord!(GemVersion);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> GemVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn prereleases_sort_first() {
        assert!(v("1.0.a") < v("1.0"));
        assert!(v("1.0.0-rc1") < v("1.0.0"));
        assert!(v("1.0.b1") < v("1.0.b2"));
        assert!(v("1.0.a10") > v("1.0.a9"));
        assert!(v("2.0") > v("1.9.9"));
    }

    #[test]
    fn canonical_equality() {
        assert_eq!(v("1.0.0"), v("1"));
        assert_eq!(v("1.0.a"), v("1.a"));
        assert_eq!(v("1.0.0-rc1"), v("1.0.0.pre.rc1"));
        assert_eq!(v(""), v("0"));
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["a", "1..2", "1.2.", "1.2-", "1.2_3", "junk"] {
            assert!(bad.parse::<GemVersion>().is_err(), "{bad:?} should be rejected");
        }
    }
}
