//! Arbitrary-length decimal numbers for version components.

use std::cmp::Ordering;

/// A run of ASCII digits compared as an unbounded non-negative integer.
///
/// Leading zeros are dropped on construction (`007` is `7`, `000` is `0`), so
/// derived equality and hashing agree with the numeric order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Digits(Box<str>);

impl Digits {
    /// The number written by `digits` (ASCII digits only; empty means 0).
    pub(crate) fn new(digits: &str) -> Self {
        debug_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        let trimmed = digits.trim_start_matches('0');
        Self(if trimmed.is_empty() { "0".into() } else { trimmed.into() })
    }

    /// Whether the number is zero.
    pub(crate) fn is_zero(&self) -> bool {
        &*self.0 == "0"
    }
}

impl Ord for Digits {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Digits {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Splits `s` into its leading ASCII digits and the rest.
pub(crate) fn leading_digits(s: &str) -> (&str, &str) {
    let end = s.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_order_without_limits() {
        assert_eq!(Digits::new("007"), Digits::new("7"));
        assert_eq!(Digits::new("000"), Digits::new(""));
        assert!(Digits::new("10") > Digits::new("9"));
        assert!(Digits::new("999999999999999999999999999991") < Digits::new("999999999999999999999999999999"));
        assert!(Digits::new("0").is_zero());
        assert_eq!(leading_digits("12ab3"), ("12", "ab3"));
    }
}
