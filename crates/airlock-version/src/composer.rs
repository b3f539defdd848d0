//! PHP package versions, ordered as Composer does: `VersionParser::normalize`
//! (composer/semver) then PHP's `version_compare` (php-src
//! `ext/standard/versioning.c`), which `Comparator`/`Constraint` use.
//!
//! Normalisation: a leading `v`, build metadata (`+...`) and surrounding
//! whitespace go; `X[.Y[.Z[.W]]]` is padded to four numbers, date versions
//! (`20230101.1200`) keep their numbers; a stability suffix (`[._-]` then
//! `stable|beta|b|RC|alpha|a|patch|pl|p`, case-insensitive, numbers, an
//! optional `-dev`) becomes `-alpha`/`-beta`/`-RC`/`-patch`, and a lowercase
//! `stable` disappears; `dev-*` branches stay as written and `2.1.x-dev`
//! becomes `2.1.9999999.9999999-dev`. In strings Composer
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

/// Composer's `expandStability`: the lowercased word, spelled out.
fn expand_stability(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    match lower.as_str() {
        "a" => "alpha".into(),
        "b" => "beta".into(),
        "p" | "pl" => "patch".into(),
        "rc" => "RC".into(),
        _ => lower,
    }
}

/// The stability words of `VersionParser::$modifierRegex`, in its order.
const STABILITIES: [&str; 9] = ["stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p"];

/// A match of `[._-]?(?:(WORD)((?:[.-]?\d+)*+)?)?([.-]?dev)?$` on `rest`:
/// the stability word as written, its number text, and whether `-dev` follows.
fn modifier(rest: &str) -> Option<(Option<&str>, &str, bool)> {
    let mut starts = vec![rest];
    if let Some(r) = rest.strip_prefix(['.', '_', '-']) {
        starts.insert(0, r);
    }
    for start in starts {
        // Without a stability word.
        if let Some(dev) = dev_suffix(start) {
            return Some((None, "", dev));
        }
        for word in STABILITIES {
            let Some(head) = start.get(..word.len()).filter(|h| h.eq_ignore_ascii_case(word)) else { continue };
            let after = &start[word.len()..];
            // `(?:[.-]?\d+)*+`: possessive, so take as many as possible.
            let mut end = 0;
            loop {
                let t = &after[end..];
                let skip = usize::from(t.starts_with(['.', '-']));
                let (d, _) = leading_digits(&t[skip..]);
                if d.is_empty() {
                    break;
                }
                end += skip + d.len();
            }
            if let Some(dev) = dev_suffix(&after[end..]) {
                return Some((Some(head), &after[..end], dev));
            }
        }
    }
    None
}

/// `([.-]?dev)?$`: `Some(true)` for a dev suffix, `Some(false)` for nothing.
fn dev_suffix(s: &str) -> Option<bool> {
    if s.is_empty() {
        return Some(false);
    }
    let s = s.strip_prefix(['.', '-']).unwrap_or(s);
    s.eq_ignore_ascii_case("dev").then_some(true)
}

/// `^(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?`: the four numbers (padded) and the rest.
fn classical(v: &str) -> Option<(String, &str)> {
    let (first, mut rest) = leading_digits(v);
    if first.is_empty() || first.len() > 5 {
        return None;
    }
    let mut out = first.to_string();
    for _ in 0..3 {
        match rest.strip_prefix('.').map(leading_digits) {
            Some((d, r)) if !d.is_empty() => {
                out.push('.');
                out.push_str(d);
                rest = r;
            }
            _ => out.push_str(".0"),
        }
    }
    Some((out, rest))
}

/// `^(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)`: the date part with
/// every non-digit turned into `.`, and the rest.
fn date_like(v: &str) -> Option<(String, &str)> {
    let b = v.as_bytes();
    let digits_at = |i: usize, n: usize| b.len() >= i + n && b[i..i + n].iter().all(u8::is_ascii_digit);
    let sep_at = |i: usize| b.get(i).is_some_and(|c| b".:-".contains(c));
    if !digits_at(0, 4) {
        return None;
    }
    let mut end = 4;
    let mut pairs = 0;
    while pairs < 6 {
        if digits_at(end, 2) {
            end += 2;
        } else if sep_at(end) && digits_at(end + 1, 2) {
            end += 3;
        } else {
            break;
        }
        pairs += 1;
    }
    if pairs == 0 {
        return None;
    }
    let tail_start = if sep_at(end) { end + 1 } else { end };
    let tail = b[tail_start..].iter().take(3).take_while(|c| c.is_ascii_digit()).count();
    if tail > 0 {
        end = tail_start + tail;
    }
    let date: String = v[..end].chars().map(|c| if c.is_ascii_digit() { c } else { '.' }).collect();
    Some((date, &v[end..]))
}

/// `VersionParser::normalizeBranch` for a numeric branch (`2.1.x`), or `None`.
fn numeric_branch(name: &str) -> Option<String> {
    let name = name.trim();
    let name = name.strip_prefix(['v', 'V']).unwrap_or(name);
    let mut parts = name.split('.');
    let first = parts.next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?;
    let mut out = first.to_string();
    let mut count = 1;
    for p in parts {
        count += 1;
        let wildcard = matches!(p, "x" | "X" | "*");
        if count > 4 || !(wildcard || (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))) {
            return None;
        }
        out.push('.');
        out.push_str(if wildcard { "x" } else { p });
    }
    for _ in count..4 {
        out.push_str(".x");
    }
    Some(format!("{}-dev", out.replace('x', "9999999")))
}

/// Composer's `VersionParser::normalize` (composer/semver 3.3), or `None`
/// where it throws.
fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    if matches!(text, "master" | "trunk" | "default") {
        return Some(format!("dev-{text}"));
    }
    if text.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("dev-")) {
        return Some(format!("dev-{}", &text[4..]));
    }
    let text = match text.split_once('+') {
        Some((head, meta))
            if !head.is_empty()
                && !head.contains(',')
                && !head.chars().any(char::is_whitespace)
                && !meta.is_empty()
                && !meta.chars().any(char::is_whitespace) =>
        {
            head
        }
        _ => text,
    };
    let bare = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let matched = classical(bare)
        .and_then(|(version, rest)| Some((version, modifier(rest)?)))
        .or_else(|| date_like(bare).and_then(|(version, rest)| Some((version, modifier(rest)?))));
    if let Some((mut version, (word, numbers, dev))) = matched {
        if let Some(word) = word {
            if word == "stable" {
                return Some(version);
            }
            version = format!("{version}-{}{}", expand_stability(word), numbers.trim_start_matches(['.', '-']));
        }
        if dev {
            version.push_str("-dev");
        }
        return Some(version);
    }
    // `(.*?)[.-]?dev$`: numeric branches such as `2.1.x-dev`.
    if let Some(name) = text.len().checked_sub(3).and_then(|at| {
        let (name, tail) = (text.get(..at)?, text.get(at..)?);
        tail.eq_ignore_ascii_case("dev").then_some(name)
    }) {
        let name = name.strip_suffix(['.', '-']).unwrap_or(name);
        return numeric_branch(name);
    }
    None
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
        let normalized = match normalize(text) {
            Some(n) => n,
            None => {
                // Not a version Composer accepts: drop `v` and metadata, pad the numbers.
                let bare = text.split_once('+').map_or(text, |(head, _)| head);
                let bare = bare.strip_prefix(['v', 'V']).unwrap_or(bare);
                if bare.is_empty() {
                    return Err(reject("empty"));
                }
                pad_numbers(bare)
            }
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

impl Hash for ComposerVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Without `#` parts (rejected), equal means the same parts.
        self.parts.hash(state);
    }
}

crate::order_from_ord!(ComposerVersion);

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
        assert_eq!(normalize("1.0.").as_deref(), Some("1.0.0.0"));
        assert_eq!(normalize("1.0STABLE").as_deref(), Some("1.0.0.0-stable"));
        assert_eq!(normalize("1.0stable2-dev").as_deref(), Some("1.0.0.0"));
        assert_eq!(normalize("20230101.1200").as_deref(), Some("20230101.1200"));
        assert_eq!(normalize("2.1.x-dev").as_deref(), Some("2.1.9999999.9999999-dev"));
        assert_eq!(normalize("DEV-Main").as_deref(), Some("dev-Main"));
        assert_eq!(normalize("1.0.0+build.1").as_deref(), Some("1.0.0.0"));
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
