//! Python versions, ordered as PEP 440 ("Version Identification and
//! Dependency Specification") and `packaging.version.Version` (packaging ≥ 22).
//!
//! Parsing follows packaging's `VERSION_PATTERN` with its normalisation:
//! case-insensitive, surrounding whitespace and a leading `v` ignored,
//! `alpha`/`beta`/`c`/`pre`/`preview` spelled `a`/`b`/`rc`/`rc`/`rc`, `rev`/`r`
//! and `-N` as post-releases, `-`/`_`/`.` separators optional, implicit
//! numbers 0. Ordering is packaging's `_cmpkey`: epoch, release with trailing
//! zeros dropped, pre-release (a dev-only release sorts before its
//! pre-releases), post-release, dev-release, then the local version whose
//! numeric parts sort above alphanumeric ones. Legacy (non-PEP 440) strings
//! are rejected, as packaging ≥ 22 rejects them.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::{Digits, leading_digits};
use crate::{ParseVersionError, VersionScheme};

/// A pre-release phase, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Phase {
    Alpha,
    Beta,
    Rc,
}

/// One part of a local version label (`+ubuntu.1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum LocalPart {
    /// Letters sort below numbers.
    Text(Box<str>),
    Number(Digits),
}

/// A PEP 440 version such as `1!2.0.post1.dev3+local.7`.
///
/// Equality and hashing follow the ordering: `1.0` equals `1.0.0` and `1.0A1`
/// equals `1.0a1`.
#[derive(Debug, Clone)]
pub struct Pep440Version {
    raw: String,
    epoch: Digits,
    /// Release numbers with trailing zeros removed.
    release: Vec<Digits>,
    pre: Option<(Phase, Digits)>,
    post: Option<Digits>,
    dev: Option<Digits>,
    local: Vec<LocalPart>,
}

impl Pep440Version {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether this is a pre- or dev-release.
    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    /// The ordering key of packaging's `_cmpkey`, with `None`s placed as it
    /// places its infinities.
    fn key(&self) -> impl Ord + '_ {
        // pre: dev-only releases sort before all pre-releases, releases after.
        let pre = match (&self.pre, &self.post, &self.dev) {
            (None, None, Some(_)) => (0u8, None),
            (None, _, _) => (2, None),
            (Some(p), _, _) => (1, Some(p)),
        };
        let post = self.post.as_ref().map_or((0u8, None), |p| (1, Some(p)));
        let dev = self.dev.as_ref().map_or((1u8, None), |d| (0, Some(d)));
        let local = (!self.local.is_empty(), &self.local);
        (&self.epoch, &self.release, pre, post, dev, local)
    }
}

/// A cursor over the lowercase input.
struct Cursor<'a>(&'a str);

impl<'a> Cursor<'a> {
    /// Consumes one of `b"-_."` if present.
    fn separator(&mut self) -> bool {
        match self.0.as_bytes().first() {
            Some(b'-' | b'_' | b'.') => {
                self.0 = &self.0[1..];
                true
            }
            _ => false,
        }
    }

    /// Consumes a leading number, if any.
    fn number(&mut self) -> Option<Digits> {
        let (digits, rest) = leading_digits(self.0);
        if digits.is_empty() {
            return None;
        }
        self.0 = rest;
        Some(Digits::new(digits))
    }

    /// Consumes the longest of `words` at the front, returning it.
    fn word(&mut self, words: &[&'static str]) -> Option<&'static str> {
        let found = words.iter().filter(|w| self.0.starts_with(**w)).max_by_key(|w| w.len())?;
        self.0 = &self.0[found.len()..];
        Some(found)
    }

    /// `[-_.]?WORD[-_.]?N?` at the front; restores the cursor on no match.
    fn labelled(&mut self, words: &[&'static str]) -> Option<(&'static str, Digits)> {
        let saved = self.0;
        self.separator();
        let Some(word) = self.word(words) else {
            self.0 = saved;
            return None;
        };
        // packaging's pattern takes a separator after the word even when no
        // number follows (`1.0a.` is `1.0a0`).
        self.separator();
        Some((word, self.number().unwrap_or_else(|| Digits::new("0"))))
    }

    fn rest(&self) -> &'a str {
        self.0
    }
}

impl FromStr for Pep440Version {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::Pep440, raw: s.into(), reason };
        let lower = s.trim().to_ascii_lowercase();
        if lower.is_empty() {
            return Err(reject("empty"));
        }
        let mut c = Cursor(lower.strip_prefix('v').unwrap_or(&lower));

        let first = c.number().ok_or_else(|| reject("does not start with a number"))?;
        let epoch = if c.rest().starts_with('!') {
            c.0 = &c.0[1..];
            let e = first;
            let n = c.number().ok_or_else(|| reject("no release number after the epoch"))?;
            (e, n)
        } else {
            (Digits::new("0"), first)
        };
        let (epoch, first) = epoch;
        let mut release = vec![first];
        while let Some(rest) = c.rest().strip_prefix('.') {
            let (digits, after) = leading_digits(rest);
            if digits.is_empty() {
                break;
            }
            release.push(Digits::new(digits));
            c.0 = after;
        }
        while release.last().is_some_and(Digits::is_zero) {
            release.pop();
        }

        let pre = c.labelled(&["a", "b", "c", "rc", "alpha", "beta", "pre", "preview"]).map(|(w, n)| {
            let phase = match w {
                "a" | "alpha" => Phase::Alpha,
                "b" | "beta" => Phase::Beta,
                _ => Phase::Rc,
            };
            (phase, n)
        });

        let post = if let Some(rest) = c.rest().strip_prefix('-')
            && let (digits, after) = leading_digits(rest)
            && !digits.is_empty()
        {
            c.0 = after;
            Some(Digits::new(digits))
        } else {
            c.labelled(&["post", "rev", "r"]).map(|(_, n)| n)
        };

        let dev = c.labelled(&["dev"]).map(|(_, n)| n);

        let mut local = Vec::new();
        if let Some(label) = c.rest().strip_prefix('+') {
            for part in label.split(['-', '_', '.']) {
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(reject("invalid local version label"));
                }
                local.push(if part.bytes().all(|b| b.is_ascii_digit()) {
                    LocalPart::Number(Digits::new(part))
                } else {
                    LocalPart::Text(part.into())
                });
            }
            c.0 = "";
        }
        if !c.rest().is_empty() {
            return Err(reject("not a PEP 440 version"));
        }
        Ok(Self { raw: s.into(), epoch, release, pre, post, dev, local })
    }
}

impl Ord for Pep440Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl Hash for Pep440Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.epoch, &self.release, &self.pre, &self.post, &self.dev, &self.local).hash(state);
    }
}

crate::order_from_ord!(Pep440Version);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Pep440Version {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn pep440_summary_order() {
        let order = [
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
            "1!0.1",
        ];
        for pair in order.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(v("1.0"), v("1.0.0"));
        assert_eq!(v("1.0ALPHA1"), v("1.0a1"));
        assert_eq!(v("v1.0-pre_2"), v("1.0rc2"));
        assert_eq!(v("1.0-1"), v("1.0.post1"));
        assert_eq!(v("1.0.rev"), v("1.0.post0"));
        assert_eq!(v("1.0-dev"), v("1.0.dev0"));
        assert_eq!(v(" 0!1.0c3 "), v("1.0rc3"));
        assert_eq!(v("1.0+ubuntu-1"), v("1.0+ubuntu.1"));
    }

    #[test]
    fn rejects_legacy_versions() {
        for bad in ["", "french toast", "1.0-bulbasaur", "1.0+", "1.0+a..b", "1.0.", "1!", "1.0-", "1.0a.."] {
            assert!(bad.parse::<Pep440Version>().is_err(), "{bad:?} should be rejected");
        }
    }
}
