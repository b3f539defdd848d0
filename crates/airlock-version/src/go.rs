//! Go module versions, ordered as `golang.org/x/mod/semver.Compare`.
//!
//! Semantic versions with an optional `v` (OSV's Go data has none);
//! `v1` and `v1.2` are shorthands for `v1.0.0` and `v1.2.0` (only without a
//! pre-release or build suffix); pre-release numbers have no leading zeros.
//! Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
//! `v1.2.4-0.2019...-abc`) are pre-releases and order by semver precedence;
//! `+incompatible` is build metadata and ignored. Toolchain names as Go
//! prints them (`go1.21rc2`, `go1.19`) are read the way OSV writes the
//! `stdlib` module's versions (`1.21.0-rc.2`, `1.19.0`).

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::{Digits, leading_digits};
use crate::semver::{Ident, Precedence, is_identifier, parse_pre};
use crate::{ParseVersionError, VersionScheme};

/// A Go module or toolchain version such as `v1.2.3`, `1.19.8` or
/// `v2.0.0+incompatible`.
///
/// Equality and hashing follow the ordering (build metadata ignored).
#[derive(Debug, Clone)]
pub struct GoVersion {
    raw: String,
    precedence: Precedence,
}

impl GoVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether this is a pseudo-version (`vX.Y.Z-[0.]yyyymmddhhmmss-abcdefabcdef`).
    pub fn is_pseudo(&self) -> bool {
        let Some(Ident::Text(last)) = self.precedence.pre.last() else { return false };
        let Some((time, hash)) = last.rsplit_once('-') else { return false };
        let time = time.rsplit('-').next().unwrap_or(time);
        time.len() == 14 && time.bytes().all(|b| b.is_ascii_digit()) && hash.len() == 12
    }
}

/// Reads a toolchain name (`go1.21rc2`) as OSV's semver form (`1.21.0-rc.2`).
fn toolchain(rest: &str) -> Option<String> {
    let mut numbers = Vec::new();
    let mut s = rest;
    loop {
        let (digits, after) = leading_digits(s);
        if digits.is_empty() {
            return None;
        }
        numbers.push(digits);
        match after.strip_prefix('.') {
            Some(next) if numbers.len() < 3 => s = next,
            _ => {
                s = after;
                break;
            }
        }
    }
    while numbers.len() < 3 {
        numbers.push("0");
    }
    let core = numbers.join(".");
    if s.is_empty() {
        return Some(core);
    }
    let word_end = s.bytes().position(|b| !b.is_ascii_alphabetic()).unwrap_or(s.len());
    let (word, n) = s.split_at(word_end);
    (!word.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{core}-{word}.{n}"))
}

impl FromStr for GoVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::Go, raw: s.into(), reason };
        let converted;
        let text = if let Some(rest) = s.strip_prefix("go") {
            converted = toolchain(rest).ok_or_else(|| reject("not a Go toolchain version"))?;
            converted.as_str()
        } else {
            s.strip_prefix('v').unwrap_or(s)
        };
        if text.is_empty() {
            return Err(reject("empty"));
        }
        let (text, build) = match text.split_once('+') {
            Some((t, b)) => (t, Some(b)),
            None => (text, None),
        };
        let (core, pre) = match text.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (text, None),
        };
        let parts: Vec<&str> = core.split('.').collect();
        let number_ok =
            |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0'));
        if parts.is_empty() || parts.len() > 3 || !parts.iter().all(number_ok) {
            return Err(reject("expected MAJOR[.MINOR[.PATCH]] without leading zeros"));
        }
        if parts.len() < 3 && (pre.is_some() || build.is_some()) {
            return Err(reject("a shorthand version cannot carry a pre-release or build suffix"));
        }
        if build.is_some_and(|b| !b.split('.').all(is_identifier)) {
            return Err(reject("invalid build metadata"));
        }
        let pre = match pre {
            Some(p) => parse_pre(p).ok_or_else(|| reject("invalid pre-release identifier"))?,
            None => Vec::new(),
        };
        // x/mod/semver: numeric pre-release identifiers have no leading zero.
        let raw_pre = text.split_once('-').map_or("", |(_, p)| p);
        if raw_pre
            .split('.')
            .zip(&pre)
            .any(|(raw, id)| matches!(id, Ident::Number(_)) && raw.len() > 1 && raw.starts_with('0'))
        {
            return Err(reject("pre-release number with a leading zero"));
        }
        let number = |i: usize| Digits::new(parts.get(i).copied().unwrap_or("0"));
        Ok(Self { raw: s.into(), precedence: Precedence { main: [number(0), number(1), number(2)], pre } })
    }
}

impl Ord for GoVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.precedence.cmp(&other.precedence)
    }
}

impl Hash for GoVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.precedence.hash(state);
    }
}

crate::order_from_ord!(GoVersion);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> GoVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn prefix_shorthand_and_incompatible() {
        assert_eq!(v("v1.2.3"), v("1.2.3"));
        assert_eq!(v("v1"), v("v1.0.0"));
        assert_eq!(v("v1.2"), v("1.2.0"));
        assert_eq!(v("v2.0.0+incompatible"), v("v2.0.0"));
        assert!(v("v1.2.3-pre") < v("v1.2.3"));
    }

    #[test]
    fn pseudo_versions_order_by_time() {
        let a = v("v0.0.0-20191109021931-daa7c04131f5");
        let b = v("v0.0.0-20200101000000-0123456789ab");
        assert!(a < b && b < v("v0.0.1"));
        assert!(a.is_pseudo());
        let c = v("v1.2.4-0.20191109021931-daa7c04131f5");
        assert!(v("v1.2.3") < c && c < v("v1.2.4"));
        assert!(c.is_pseudo() && !v("v1.2.4-rc.1").is_pseudo());
    }

    #[test]
    fn toolchain_names() {
        assert_eq!(v("go1.19.8"), v("1.19.8"));
        assert_eq!(v("go1.21"), v("1.21.0"));
        assert_eq!(v("go1.21rc2"), v("1.21.0-rc.2"));
        assert!(v("go1.21rc2") < v("go1.21.0"));
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["", "v", "v01.2.3", "v1.2-pre", "v1.2.3.4", "v1.2.3-01", "go", "gox", "v1.2.3+in..c"] {
            assert!(bad.parse::<GoVersion>().is_err(), "{bad:?} should be rejected");
        }
    }
}
