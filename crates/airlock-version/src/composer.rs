//! PHP package versions, ordered as Composer does: `VersionParser::normalize`
//! (composer/semver) then PHP's `version_compare` (php-src
//! `ext/standard/versioning.c`), which `Comparator`/`Constraint` use.
//!
//! Normalisation: a leading `v`, build metadata (`+...`) and surrounding
//! whitespace go; `X[.Y[.Z[.W]]]` is padded to four numbers; a stability
//! suffix (`[._-]` then `stable|beta|b|RC|alpha|a|patch|pl|p`, an optional
//! number, an optional `-dev`) becomes `-alpha`/`-beta`/`-RC`/`-patch` and
//! `stable` disappears; `dev-*` branches stay as written. In strings Composer
//! would reject, the leading numbers are still padded to four and the rest
//! is kept as written.
//!
//! `version_compare`: `-`, `_`, `+` and any other non-alphanumeric
//! character become `.`, and a `.` is put between digits and letters. Parts
//! compare as numbers, or by their special-form rank: any other string <
//! `dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < number < `pl` = `p`
//! (matched as prefixes, so `patch` is `p`). When one side has parts left,
//! a number there makes it newer, otherwise its part is ranked against a
//! number.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::{Digits, leading_digits};
use crate::{ParseVersionError, VersionScheme};

/// One part of a canonical PHP version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Part {
    Number(Digits),
    /// A special form's rank (see [`special_rank`]).
    Special(u8),
}

/// The rank of a non-numeric part in `version_compare` (prefix match in
/// php-src's table order); numbers rank 5.
fn special_rank(s: &str) -> u8 {
    const FORMS: [(&str, u8); 10] = [
        ("dev", 1),
        ("alpha", 2),
        ("a", 2),
        ("beta", 3),
        ("b", 3),
        ("RC", 4),
        ("rc", 4),
        ("#", 5),
        ("pl", 6),
        ("p", 6),
    ];
    FORMS.iter().find(|(name, _)| s.starts_with(name)).map_or(0, |(_, rank)| *rank)
}

const NUMBER_RANK: u8 = 5;

impl Part {
    fn rank(&self) -> u8 {
        match self {
            Self::Number(_) => NUMBER_RANK,
            Self::Special(r) => *r,
        }
    }

    fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Number(a), Self::Number(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// `php_canonicalize_version` then the split at `.`.
fn canonical_parts(v: &str) -> Vec<Part> {
    let mut canon = String::with_capacity(v.len() * 2);
    let mut last: Option<char> = None;
    for c in v.chars() {
        let sep = canon.ends_with('.');
        let is_dig = |x: char| x.is_ascii_digit();
        let is_ndig = |x: char| !x.is_ascii_digit() && x != '.';
        match last {
            None => canon.push(c),
            Some(l) => {
                if matches!(c, '-' | '_' | '+') || !(c.is_ascii_alphanumeric() || c == '.') {
                    if !sep {
                        canon.push('.');
                    }
                } else if (is_ndig(l) && is_dig(c)) || (is_dig(l) && is_ndig(c)) {
                    if !sep {
                        canon.push('.');
                    }
                    canon.push(c);
                } else {
                    canon.push(c);
                }
            }
        }
        last = Some(c);
    }
    canon
        .split('.')
        .map(|p| {
            // The canonical form never mixes digits and letters in one part.
            let (digits, _) = leading_digits(p);
            if !digits.is_empty() { Part::Number(Digits::new(digits)) } else { Part::Special(special_rank(p)) }
        })
        .collect()
}

/// `version_compare` over canonical parts.
fn compare_parts(a: &[Part], b: &[Part]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let ord = x.compare(y);
        if ord.is_ne() {
            return ord;
        }
    }
    match a.len().cmp(&b.len()) {
        Ordering::Equal => Ordering::Equal,
        Ordering::Greater => match &a[b.len()] {
            Part::Number(_) => Ordering::Greater,
            p => p.rank().cmp(&NUMBER_RANK),
        },
        Ordering::Less => match &b[a.len()] {
            Part::Number(_) => Ordering::Less,
            p => NUMBER_RANK.cmp(&p.rank()),
        },
    }
}

/// Composer's stability names (`expandStability`), lowercase input.
fn expand_stability(s: &str) -> Option<&'static str> {
    Some(match s {
        "stable" => "",
        "a" | "alpha" => "alpha",
        "b" | "beta" => "beta",
        "p" | "pl" | "patch" => "patch",
        "rc" => "RC",
        _ => return None,
    })
}

/// `VersionParser::normalize` for the classical `X.Y.Z.W[-stability]` form;
/// `None` for anything else.
fn normalize(v: &str) -> Option<String> {
    let (digits, mut rest) = leading_digits(v);
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let mut numbers = vec![digits];
    while numbers.len() < 4 {
        let Some(after) = rest.strip_prefix('.') else { break };
        let (d, r) = leading_digits(after);
        if d.is_empty() {
            break;
        }
        numbers.push(d);
        rest = r;
    }
    let mut out = numbers.join(".");
    for _ in numbers.len()..4 {
        out.push_str(".0");
    }
    if rest.is_empty() {
        return Some(out);
    }
    let lower = rest.to_ascii_lowercase();
    let mut m = lower.as_str();
    m = m.strip_prefix(['.', '_', '-']).unwrap_or(m);
    // The stability word (longest first), its numbers, then `[.-]?dev`.
    let word_len = m.bytes().position(|b| !b.is_ascii_alphabetic()).unwrap_or(m.len());
    let (word, mut tail) = m.split_at(word_len);
    if word == "dev" {
        return tail.is_empty().then(|| format!("{out}-dev"));
    }
    let stability = expand_stability(word)?;
    let mut number = String::new();
    loop {
        let t = tail.strip_prefix(['.', '-']).unwrap_or(tail);
        let (d, r) = leading_digits(t);
        if d.is_empty() {
            break;
        }
        if !number.is_empty() {
            number.push('.');
        }
        number.push_str(d);
        tail = r;
    }
    let dev = match tail {
        "" => false,
        "dev" | ".dev" | "-dev" => true,
        _ => return None,
    };
    if !stability.is_empty() {
        out = format!("{out}-{stability}{number}");
    }
    if dev {
        out.push_str("-dev");
    }
    Some(out)
}

/// For a string Composer would not normalise: pads its leading
/// `X[.Y[.Z[.W]]]` to four numbers and keeps the rest as written, so it
/// still lines up with normalised versions (`3.0.0b1.post1` → `3.0.0.0b1.post1`).
fn pad_numbers(v: &str) -> String {
    let mut count = 0;
    let mut end = 0;
    let mut rest = v;
    while count < 4 {
        let (d, r) = leading_digits(rest);
        if d.is_empty() {
            break;
        }
        count += 1;
        end += d.len();
        rest = r;
        match rest.strip_prefix('.') {
            Some(after) if count < 4 && after.starts_with(|c: char| c.is_ascii_digit()) => {
                end += 1;
                rest = after;
            }
            _ => break,
        }
    }
    if count == 0 {
        return v.to_string();
    }
    let mut out = v[..end].to_string();
    for _ in count..4 {
        out.push_str(".0");
    }
    out.push_str(&v[end..]);
    out
}

/// A Composer package version such as `v2.4.1`, `1.0.0-RC2` or `dev-main`.
///
/// Equality and hashing follow the ordering: `v1.0` equals `1.0.0.0` and
/// `1.0.0-b2` equals `1.0.0-beta2`.
#[derive(Debug, Clone)]
pub struct ComposerVersion {
    raw: String,
    parts: Vec<Part>,
}

impl ComposerVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }
}

impl FromStr for ComposerVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::Composer, raw: s.into(), reason };
        let text = s.trim();
        if text.is_empty() {
            return Err(reject("empty"));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(reject("contains whitespace or a control character"));
        }
        if text.contains('#') {
            // version_compare ranks `#` like every number, which breaks
            // transitivity (`1.#` = `1.1` = `1.#` = `1.2`); Composer rejects it too.
            return Err(reject("contains `#`"));
        }
        let text = match text.split_once('+') {
            Some((t, _)) if !t.is_empty() => t,
            _ => text,
        };
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        if text.is_empty() {
            return Err(reject("empty"));
        }
        let normalized = if text.starts_with("dev-") {
            text.to_string()
        } else {
            normalize(text).unwrap_or_else(|| pad_numbers(text))
        };
        let parts = canonical_parts(&normalized);
        Ok(Self { raw: s.into(), parts })
    }
}

impl Ord for ComposerVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_parts(&self.parts, &other.parts)
    }
}

impl PartialOrd for ComposerVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ComposerVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ComposerVersion {}

impl Hash for ComposerVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Without `#` parts (rejected), equal means the same parts.
        self.parts.hash(state);
    }
}

impl fmt::Display for ComposerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> ComposerVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("1.0").as_deref(), Some("1.0.0.0"));
        assert_eq!(normalize("1.0.0-beta2").as_deref(), Some("1.0.0.0-beta2"));
        assert_eq!(normalize("1.0.0.RC.1").as_deref(), Some("1.0.0.0-RC1"));
        assert_eq!(normalize("1.2-p1").as_deref(), Some("1.2.0.0-patch1"));
        assert_eq!(normalize("1.0-stable").as_deref(), Some("1.0.0.0"));
        assert_eq!(normalize("2.0-dev").as_deref(), Some("2.0.0.0-dev"));
        assert_eq!(normalize("1.0-foo"), None);
        assert_eq!(pad_numbers("3.0.0b1.post1"), "3.0.0.0b1.post1");
        assert_eq!(pad_numbers("1.2-foo"), "1.2.0.0-foo");
        assert_eq!(pad_numbers("foo"), "foo");
        assert_eq!(v("v1.0"), v("1.0.0.0"));
        assert_eq!(v("1.0.0-b2"), v("1.0.0-beta2"));
    }

    #[test]
    fn stability_order() {
        let order = ["1.0-dev", "1.0-alpha1", "1.0-beta1", "1.0-RC1", "1.0", "1.0-patch1", "1.0.1"];
        for pair in order.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert!(v("dev-main") < v("0.1"));
    }
}
