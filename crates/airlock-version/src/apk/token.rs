//! The apk-tools 2.x version tokenizer and token-stream comparison.
//!
//! apk-tools 2.x (`src/version.c`, `get_token`/`next_token`) reads a version
//! as a stream of tokens. Each token has a *kind* (digit, letter, suffix, ...)
//! and a value; the kind of the next token is decided by the character that
//! follows. A string that breaks the grammar ends in an [`Kind::Invalid`]
//! token instead of [`Kind::End`], and the rest of it is ignored.
//!
//! The quirks of apk-tools 2.14 are kept, because `apk version -t` has them
//! (each was measured against the real binary):
//! - a `.`-separated component that starts with `0` becomes two tokens: its
//!   leading zeros except the last, worth *minus their count*, then the
//!   number that starts at the last zero (so `1.0 > 1.00`, `1.01 < 1.1` and
//!   `6.0_pre1 < 6.0`; "version: fix leading zero stripping");
//! - the first component is a plain number (`01 = 1`);
//! - a digit run longer than 17 digits is not read: the token is worth -1
//!   and the version is invalid from there on.

use std::cmp::Ordering;

/// What a token is. The discriminant order is apk-tools' `enum PARTS` order,
/// which the comparison relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Kind {
    /// The string broke the grammar here; the rest is ignored.
    Invalid,
    /// A component after `.`, which may start with leading zeros.
    DigitOrZero,
    /// A plain number (the first component, or the digits after a zero run).
    Digit,
    /// One lowercase letter after a number (`1.2a`).
    Letter,
    /// A `_suffix` word (`_rc`, `_p`, ...).
    Suffix,
    /// The number after a suffix (`_rc2`).
    SuffixNo,
    /// The number after `-r`.
    RevisionNo,
    /// The end of the string.
    End,
}

/// A token value. Negative values are zero runs and pre-release suffixes;
/// letters are their byte value.
pub(super) type Value = i64;

/// The longest digit run apk-tools 2.14 reads as a number. A longer run makes
/// the token worth [`INVALID_VALUE`] and the version invalid from there on
/// (measured with `apk version -t`; it keeps numbers inside an `i64`).
const MAX_DIGITS: usize = 17;

/// What apk-tools' `get_token` returns for a token it cannot read.
const INVALID_VALUE: Value = -1;

/// The value of a run of at most [`MAX_DIGITS`] ASCII digits.
fn number(digits: &[u8]) -> Value {
    digits.iter().fold(0, |acc, &d| acc * 10 + Value::from(d - b'0'))
}

/// One token: its kind and value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) value: Value,
}

/// A whole version as apk-tools reads it: the tokens, then how it ended
/// ([`Kind::End`] or [`Kind::Invalid`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Tokens {
    pub(super) tokens: Vec<Token>,
    pub(super) end: Kind,
}

/// Pre-release suffixes, valued -4..-1 (they sort before the release).
const PRE_SUFFIXES: [&[u8]; 4] = [b"alpha", b"beta", b"pre", b"rc"];
/// Post-release suffixes, valued 0..4 (they sort after the release).
const POST_SUFFIXES: [&[u8]; 5] = [b"cvs", b"svn", b"git", b"hg", b"p"];

/// Splits `s` into apk-tools tokens.
pub(super) fn tokenize(s: &[u8]) -> Tokens {
    let mut tokens = Vec::new();
    let mut kind = Kind::Digit;
    let mut rest = s;
    loop {
        if rest.is_empty() {
            // get_token() on an empty blob: value 0, then the end.
            tokens.push(Token { kind, value: 0 });
            return Tokens { tokens, end: Kind::End };
        }
        let (value, len, next_kind) = read_token(kind, rest);
        tokens.push(Token { kind, value });
        let Some(after) = next_kind else {
            return Tokens { tokens, end: Kind::Invalid };
        };
        rest = rest.get(len..).unwrap_or_default();
        kind = if rest.is_empty() {
            Kind::End
        } else if let Some(forced) = after {
            forced
        } else {
            let (next, skip) = next_kind_of(kind, rest);
            rest = rest.get(skip..).unwrap_or_default();
            next
        };
        if matches!(kind, Kind::End | Kind::Invalid) {
            return Tokens { tokens, end: kind };
        }
    }
}

/// Reads one token of `kind` at the start of the non-empty `rest`
/// (apk-tools' `get_token`). Returns the value, the bytes it used, and the
/// next kind: `None` when the token itself is invalid, `Some(Some(kind))`
/// when the token fixes the next kind, `Some(None)` when the following
/// character decides it.
fn read_token(kind: Kind, rest: &[u8]) -> (Value, usize, Option<Option<Kind>>) {
    match kind {
        Kind::DigitOrZero if rest.first() == Some(&b'0') => {
            // Leading zeros, except the last one, make a token worth minus
            // their count; the last zero starts the number token that follows.
            let extra_zeros = rest.iter().skip(1).take_while(|&&b| b == b'0').count();
            let value = -Value::try_from(extra_zeros).unwrap_or(Value::MAX);
            (value, extra_zeros, Some(Some(Kind::Digit)))
        }
        Kind::DigitOrZero | Kind::Digit | Kind::SuffixNo | Kind::RevisionNo => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > MAX_DIGITS {
                return (INVALID_VALUE, 0, None);
            }
            (number(rest.get(..digits).unwrap_or_default()), digits, Some(None))
        }
        Kind::Letter => (Value::from(rest.first().copied().unwrap_or_default()), 1, Some(None)),
        Kind::Suffix => match suffix_value(rest) {
            Some((value, len)) => (value, len, Some(None)),
            None => (INVALID_VALUE, 0, None),
        },
        Kind::Invalid | Kind::End => (INVALID_VALUE, 0, None),
    }
}

/// The value and length of the suffix word that `rest` starts with.
fn suffix_value(rest: &[u8]) -> Option<(i64, usize)> {
    let pre = PRE_SUFFIXES.iter().zip(-4..).find(|(word, _)| rest.starts_with(word));
    let post = || POST_SUFFIXES.iter().zip(0..).find(|(word, _)| rest.starts_with(word));
    pre.or_else(post).map(|(word, value)| (value, word.len()))
}

/// Decides the kind of the token at the start of the non-empty `rest`, after
/// a token of kind `prev` (apk-tools' `next_token`). Returns the kind and how
/// many separator bytes to skip.
fn next_kind_of(prev: Kind, rest: &[u8]) -> (Kind, usize) {
    let first = rest.first().copied().unwrap_or_default();
    let (next, skip) = if first == 0 {
        (Kind::End, 0)
    } else if matches!(prev, Kind::Digit | Kind::DigitOrZero) && first.is_ascii_lowercase() {
        (Kind::Letter, 0)
    } else if prev == Kind::Letter && first.is_ascii_digit() {
        (Kind::Digit, 0)
    } else if prev == Kind::Suffix && first.is_ascii_digit() {
        (Kind::SuffixNo, 0)
    } else {
        match first {
            b'.' => (Kind::DigitOrZero, 1),
            b'_' => (Kind::Suffix, 1),
            b'-' if rest.get(1) == Some(&b'r') => (Kind::RevisionNo, 2),
            _ => (Kind::Invalid, 1),
        }
    };
    let allowed_backstep = matches!(
        (next, prev),
        (Kind::DigitOrZero, Kind::Digit) | (Kind::Suffix, Kind::SuffixNo) | (Kind::Digit, Kind::Letter)
    );
    if next < prev && !allowed_backstep {
        return (Kind::Invalid, skip);
    }
    (next, skip)
}

/// Compares two token streams the way `apk version -t` does.
pub(super) fn compare(a: &Tokens, b: &Tokens) -> Ordering {
    let mut index = 0;
    loop {
        let ta = a.tokens.get(index);
        let tb = b.tokens.get(index);
        match (ta, tb) {
            (Some(x), Some(y)) if x.kind == y.kind => match x.value.cmp(&y.value) {
                Ordering::Equal => index += 1,
                unequal => return unequal,
            },
            _ => return compare_tails(ta, a.end, tb, b.end),
        }
    }
}

/// The decision once the two streams' kinds differ or one has ended: the
/// longer version wins, unless what it continues with is a pre-release suffix.
fn compare_tails(ta: Option<&Token>, a_end: Kind, tb: Option<&Token>, b_end: Kind) -> Ordering {
    let a_kind = ta.map_or(a_end, |t| t.kind);
    let b_kind = tb.map_or(b_end, |t| t.kind);
    if a_kind == b_kind {
        return Ordering::Equal;
    }
    if ta.is_some_and(|t| t.kind == Kind::Suffix && t.value < 0) {
        return Ordering::Less;
    }
    if tb.is_some_and(|t| t.kind == Kind::Suffix && t.value < 0) {
        return Ordering::Greater;
    }
    // A higher kind (End is highest) sorts lower; Invalid sorts highest.
    b_kind.cmp(&a_kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> (Vec<(Kind, Value)>, Kind) {
        let t = tokenize(s.as_bytes());
        (t.tokens.into_iter().map(|t| (t.kind, t.value)).collect(), t.end)
    }

    #[test]
    fn zero_runs_are_their_own_token() {
        use Kind::*;
        assert_eq!(kinds("1.01"), (vec![(Digit, 1), (DigitOrZero, 0), (Digit, 1)], End));
        assert_eq!(kinds("1.0"), (vec![(Digit, 1), (DigitOrZero, 0), (Digit, 0)], End));
        assert_eq!(kinds("1.000"), (vec![(Digit, 1), (DigitOrZero, -2), (Digit, 0)], End));
        assert_eq!(kinds("1.0_rc"), (vec![(Digit, 1), (DigitOrZero, 0), (Digit, 0), (Suffix, -1)], End));
        assert_eq!(kinds("1."), (vec![(Digit, 1), (DigitOrZero, 0)], End));
    }

    #[test]
    fn suffixes_and_revision() {
        use Kind::*;
        assert_eq!(
            kinds("2.3_rc2-r4"),
            (vec![(Digit, 2), (DigitOrZero, 3), (Suffix, -1), (SuffixNo, 2), (RevisionNo, 4)], End)
        );
        assert_eq!(kinds("1_p"), (vec![(Digit, 1), (Suffix, 4)], End));
    }

    #[test]
    fn grammar_breaks_end_in_invalid() {
        assert_eq!(kinds("1.0bc").1, Kind::Invalid);
        assert_eq!(kinds("1_foo"), (vec![(Kind::Digit, 1), (Kind::Suffix, -1)], Kind::Invalid));
        assert_eq!(kinds("1.2.0A").1, Kind::Invalid);
        assert_eq!(kinds("1-x").1, Kind::Invalid);
    }

    #[test]
    fn long_digit_runs_are_invalid() {
        assert_eq!(kinds("12345678901234567"), (vec![(Kind::Digit, 12_345_678_901_234_567)], Kind::End));
        assert_eq!(kinds("1.123456789012345678"), (vec![(Kind::Digit, 1), (Kind::DigitOrZero, -1)], Kind::Invalid));
        assert_eq!(kinds("1-r000000000000000001").1, Kind::Invalid);
    }
}
