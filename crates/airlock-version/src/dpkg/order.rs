//! dpkg's `verrevcmp`: the ordering of an upstream version or a revision.
//!
//! The string is read as alternating non-digit and digit parts. Non-digit
//! parts compare character by character with `~` before everything (even the
//! end of the part), then the end, then letters, then all other characters.
//! Digit parts compare as numbers of any length.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// The weight of one byte in a non-digit part (dpkg's `order()`); `None` is
/// the end of the string. Digits weigh like the end: they end the part.
fn weight(byte: Option<u8>) -> i32 {
    match byte {
        None => 0,
        Some(b) if b.is_ascii_digit() => 0,
        Some(b) if b.is_ascii_alphabetic() => i32::from(b),
        Some(b'~') => -1,
        // dpkg reads a `char`, which is signed: bytes above 0x7f weigh
        // `b - 256 + 256`, below the ASCII punctuation.
        Some(b) if b >= 0x80 => i32::from(b),
        Some(b) => i32::from(b) + 256,
    }
}

/// Compares two upstream versions (or two revisions) as dpkg does.
pub(super) fn verrevcmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    while !a.is_empty() || !b.is_empty() {
        let (a_text, a_rest) = split_non_digits(a);
        let (b_text, b_rest) = split_non_digits(b);
        let text_order = compare_non_digits(a_text, b_text);
        if text_order != Ordering::Equal {
            return text_order;
        }
        let (a_num, a_rest) = split_digits(a_rest);
        let (b_num, b_rest) = split_digits(b_rest);
        let num_order = compare_numbers(a_num, b_num);
        if num_order != Ordering::Equal {
            return num_order;
        }
        (a, b) = (a_rest, b_rest);
    }
    Ordering::Equal
}

/// Splits off the leading run of non-digits.
fn split_non_digits(s: &[u8]) -> (&[u8], &[u8]) {
    s.split_at(s.iter().position(u8::is_ascii_digit).unwrap_or(s.len()))
}

/// Splits off the leading run of digits.
fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    s.split_at(s.iter().position(|b| !b.is_ascii_digit()).unwrap_or(s.len()))
}

/// Compares two non-digit parts by [`weight`], the shorter padded with ends.
fn compare_non_digits(a: &[u8], b: &[u8]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| weight(a.get(i).copied()).cmp(&weight(b.get(i).copied())))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// The digits without leading zeros (empty for zero).
fn significant(digits: &[u8]) -> &[u8] {
    let start = digits.iter().position(|&d| d != b'0').unwrap_or(digits.len());
    digits.get(start..).unwrap_or_default()
}

/// Compares two digit runs as numbers of any length.
fn compare_numbers(a: &[u8], b: &[u8]) -> Ordering {
    let (a, b) = (significant(a), significant(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Feeds `s` to `state` so that strings [`verrevcmp`] calls equal hash alike:
/// each (non-digit part, number) pair is hashed with the number's leading
/// zeros removed, and the pair ("", 0) — which equals an absent pair — is
/// skipped.
pub(super) fn hash_normalised<H: Hasher>(s: &str, state: &mut H) {
    let mut rest = s.as_bytes();
    while !rest.is_empty() {
        let (text, after_text) = split_non_digits(rest);
        let (digits, after_digits) = split_digits(after_text);
        let number = significant(digits);
        if !(text.is_empty() && number.is_empty()) {
            text.hash(state);
            number.hash(state);
        }
        rest = after_digits;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::{Equal, Greater, Less};

    #[test]
    fn tilde_sorts_before_everything() {
        assert_eq!(verrevcmp("1.0~rc1", "1.0"), Less);
        assert_eq!(verrevcmp("1.0~~", "1.0~"), Less);
        assert_eq!(verrevcmp("1.0~", "1.0~a"), Less);
    }

    #[test]
    fn letters_sort_before_other_characters() {
        assert_eq!(verrevcmp("1.0a", "1.0+"), Less);
        assert_eq!(verrevcmp("1.0", "1.0a"), Less);
        assert_eq!(verrevcmp("1.0Z", "1.0a"), Less);
        assert_eq!(verrevcmp("1.0.", "1.0+"), Greater);
    }

    #[test]
    fn numbers_compare_by_value_of_any_length() {
        assert_eq!(verrevcmp("1.010", "1.9"), Greater);
        assert_eq!(verrevcmp("1.0001", "1.1"), Equal);
        assert_eq!(verrevcmp("99999999999999999999999999", "100000000000000000000000000"), Less);
        assert_eq!(verrevcmp("0", ""), Equal);
    }

    #[test]
    fn non_ascii_sorts_between_letters_and_punctuation() {
        assert_eq!(weight(Some(0xc3)).cmp(&weight(Some(b'z'))), Greater);
        assert_eq!(weight(Some(0xc3)).cmp(&weight(Some(b'+'))), Less);
    }
}
