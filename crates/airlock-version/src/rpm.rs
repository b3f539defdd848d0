//! rpm version ordering: `rpmvercmp` of rpm 4.18 (`rpmio/rpmvercmp.c`) on
//! each part of `[epoch:]version[-release]`, compared as the Python binding's
//! `rpm.labelCompare` does (`python/header-py.c`).
//!
//! - Each string is split into runs of ASCII digits and runs of ASCII
//!   letters; everything else (non-ASCII letters included) only separates.
//!   Digit runs compare as numbers, letter runs as bytes, and a digit run is
//!   newer than a letter run.
//! - `~` sorts before anything, even the end of the string (`1.0~rc1 < 1.0`).
//! - `^` sorts after the end of the string but before any further segment
//!   (`1.0 < 1.0^git1 < 1.0.1`).
//! - The epoch is the text before the first `:` (missing = `0`) and is
//!   compared with the same rule; the release is the text after the last `-`.
//!   A missing release sorts before any release, even an empty one (`1 < 1-`).
//!   An empty version is refused, as `rpm.labelCompare` refuses it.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::Digits;
use crate::{ParseVersionError, VersionScheme};

/// One comparable piece of an rpm version string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    /// `~`: sorts before everything.
    Tilde,
    /// `^`: sorts after the end but before any segment.
    Caret,
    /// A run of ASCII digits.
    Number(Digits),
    /// A run of ASCII letters.
    Alpha(Box<str>),
}

/// The segments of one string, as `rpmvercmp` walks them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Segments(Vec<Segment>);

impl Segments {
    fn new(s: &str) -> Self {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let run = |pred: fn(&u8) -> bool| bytes[i..].iter().position(|c| !pred(c)).map_or(bytes.len(), |n| i + n);
            if b == b'~' {
                out.push(Segment::Tilde);
                i += 1;
            } else if b == b'^' {
                out.push(Segment::Caret);
                i += 1;
            } else if b.is_ascii_digit() {
                let end = run(u8::is_ascii_digit);
                out.push(Segment::Number(Digits::new(&s[i..end])));
                i = end;
            } else if b.is_ascii_alphabetic() {
                let end = run(u8::is_ascii_alphabetic);
                out.push(Segment::Alpha(s[i..end].into()));
                i = end;
            } else {
                i += 1;
            }
        }
        Self(out)
    }

    /// `rpmvercmp` over pre-split segments.
    fn compare(&self, other: &Self) -> Ordering {
        let (a, b) = (&self.0, &other.0);
        let mut i = 0;
        loop {
            let (x, y) = (a.get(i), b.get(i));
            i += 1;
            match (x, y) {
                (Some(Segment::Tilde), Some(Segment::Tilde)) | (Some(Segment::Caret), Some(Segment::Caret)) => continue,
                (_, Some(Segment::Tilde)) => return Ordering::Greater,
                (Some(Segment::Tilde), _) => return Ordering::Less,
                (None, Some(Segment::Caret)) => return Ordering::Less,
                (Some(Segment::Caret), None) => return Ordering::Greater,
                (_, Some(Segment::Caret)) => return Ordering::Greater,
                (Some(Segment::Caret), _) => return Ordering::Less,
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(Segment::Number(_)), Some(Segment::Alpha(_))) => return Ordering::Greater,
                (Some(Segment::Alpha(_)), Some(Segment::Number(_))) => return Ordering::Less,
                (Some(Segment::Number(p)), Some(Segment::Number(q))) => match p.cmp(q) {
                    Ordering::Equal => continue,
                    other => return other,
                },
                (Some(Segment::Alpha(p)), Some(Segment::Alpha(q))) => match p.as_bytes().cmp(q.as_bytes()) {
                    Ordering::Equal => continue,
                    other => return other,
                },
            }
        }
    }
}

/// Compares two plain version strings with rpm's `rpmvercmp`.
pub fn rpmvercmp(a: &str, b: &str) -> Ordering {
    Segments::new(a).compare(&Segments::new(b))
}

/// An rpm EVR such as `1:2.3.4~rc1-5.el9`.
///
/// Equality and hashing follow the ordering: `1.01` equals `1.1`, `2_0`
/// equals `2.0`, and an absent epoch equals `0:`.
#[derive(Debug, Clone)]
pub struct RpmVersion {
    raw: String,
    epoch: Segments,
    version: Segments,
    release: Option<Segments>,
}

impl RpmVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Splits `raw` into epoch (if any), version and release (if any).
    pub fn split(raw: &str) -> (Option<&str>, &str, Option<&str>) {
        let (epoch, rest) = match raw.split_once(':') {
            Some((e, r)) => (Some(e), r),
            None => (None, raw),
        };
        match rest.rsplit_once('-') {
            Some((v, r)) => (epoch, v, Some(r)),
            None => (epoch, rest, None),
        }
    }
}

impl FromStr for RpmVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::Rpm, raw: s.into(), reason };
        if s.is_empty() {
            return Err(reject("empty"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(reject("contains whitespace or a control character"));
        }
        let (epoch, version, release) = Self::split(s);
        if version.is_empty() {
            // rpm.labelCompare refuses it ("invalid version"); no package has one.
            return Err(reject("empty version"));
        }
        let epoch = match epoch {
            Some(e) if !e.is_empty() => e,
            _ => "0",
        };
        Ok(Self {
            raw: s.into(),
            epoch: Segments::new(epoch),
            version: Segments::new(version),
            release: release.map(Segments::new),
        })
    }
}

impl Ord for RpmVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch.compare(&other.epoch).then_with(|| self.version.compare(&other.version)).then_with(|| {
            match (&self.release, &other.release) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(a), Some(b)) => a.compare(b),
            }
        })
    }
}

impl Hash for RpmVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Equal under `rpmvercmp` means equal segment lists.
        (&self.epoch, &self.version, &self.release).hash(state);
    }
}

crate::order_from_ord!(RpmVersion);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> RpmVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn tilde_and_caret() {
        assert!(v("1.0~rc1") < v("1.0"));
        assert!(v("1.0") < v("1.0^git1"));
        assert!(v("1.0^git1") < v("1.0.1"));
        assert!(v("1.0^git1~pre") < v("1.0^git1"));
    }

    #[test]
    fn epochs_releases_and_separators() {
        assert!(v("1:1.0") > v("9.9"));
        assert_eq!(v("0:1.0-1"), v("1.0-1"));
        assert!(v("1") < v("1-"));
        assert!(v("1.0-1.el8") < v("1.0-1.el9"));
        assert_eq!(v("2_0"), v("2.0"));
        assert_eq!(v("10.0001"), v("10.1"));
        assert!(v("1.0a") > v("1.0"));
        assert_eq!(RpmVersion::split("2:1.0-3.el9"), (Some("2"), "1.0", Some("3.el9")));
    }

    #[test]
    fn rejects_empty_and_whitespace() {
        assert!("".parse::<RpmVersion>().is_err());
        assert!("1 2".parse::<RpmVersion>().is_err());
        assert!("1:".parse::<RpmVersion>().is_err());
        assert!("1:-2".parse::<RpmVersion>().is_err());
    }
}
