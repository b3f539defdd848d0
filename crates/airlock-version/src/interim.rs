//! An interim ordering for schemes whose dedicated type is not written yet.
//!
//! Splits the string into runs of digits (compared numerically) and runs of
//! other characters (compared as text); a shorter string that is a prefix
//! sorts first. This is *not* the ordering of any real tool: each scheme
//! that still uses it must be replaced by its own type with a differential
//! or table test, after which this module is deleted.

use std::cmp::Ordering;

use crate::{ParseVersionError, VersionScheme};

/// A version of a scheme without a dedicated type yet (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InterimVersion {
    scheme: VersionScheme,
    raw: String,
}

impl InterimVersion {
    /// Parses `raw` for `scheme`; only the empty string is rejected.
    pub fn parse(scheme: VersionScheme, raw: &str) -> Result<Self, ParseVersionError> {
        if raw.trim().is_empty() {
            return Err(ParseVersionError { scheme, raw: raw.into(), reason: "empty" });
        }
        Ok(Self { scheme, raw: raw.into() })
    }

    /// The scheme the version was parsed as.
    pub fn scheme(&self) -> VersionScheme {
        self.scheme
    }

    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Compares two interim versions (of the same scheme; checked by the caller).
    pub fn cmp_interim(&self, other: &Self) -> Ordering {
        let (mut a, mut b) = (self.raw.as_str(), other.raw.as_str());
        loop {
            match (a.is_empty(), b.is_empty()) {
                (true, true) => return Ordering::Equal,
                (true, false) => return Ordering::Less,
                (false, true) => return Ordering::Greater,
                _ => {}
            }
            let (ra, rest_a) = run(a);
            let (rb, rest_b) = run(b);
            let ord = match (ra.parse::<u128>(), rb.parse::<u128>()) {
                (Ok(x), Ok(y)) => x.cmp(&y),
                _ => ra.cmp(rb),
            };
            if ord != Ordering::Equal {
                return ord;
            }
            (a, b) = (rest_a, rest_b);
        }
    }
}

fn run(s: &str) -> (&str, &str) {
    let digit = s.as_bytes()[0].is_ascii_digit();
    let end = s.bytes().position(|c| c.is_ascii_digit() != digit).unwrap_or(s.len());
    s.split_at(end)
}
