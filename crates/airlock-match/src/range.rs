//! Affected-range evaluation and its human-readable text.
//!
//! A [`Range`] covers `introduced <= v < fixed` and `v <= last_affected`;
//! a missing bound is open. Comparisons go through [`Version::try_cmp`], so
//! a version of another scheme is an error, never a guess.

use std::cmp::Ordering;

use airlock_db::Range;
use airlock_version::{CompareError, Version};

/// Whether `version` lies inside `range`.
pub(crate) fn contains(range: &Range, version: &Version) -> Result<bool, CompareError> {
    if let Some(introduced) = &range.introduced
        && version.try_cmp(introduced)? == Ordering::Less
    {
        return Ok(false);
    }
    if let Some(fixed) = &range.fixed
        && version.try_cmp(fixed)? != Ordering::Less
    {
        return Ok(false);
    }
    if let Some(last) = &range.last_affected
        && version.try_cmp(last)? == Ordering::Greater
    {
        return Ok(false);
    }
    Ok(true)
}

/// The range as text: `>= 1.2, < 1.4`, `< 1.35.0-r18`, `<= 2.0`, or
/// `all versions` when no bound is set. An introduced version of `0` is the
/// OSV spelling of "from the start" and is left out.
pub(crate) fn describe(range: &Range) -> String {
    let mut parts = Vec::new();
    if let Some(introduced) = range.introduced.as_ref().filter(|v| v.raw() != "0") {
        parts.push(format!(">= {introduced}"));
    }
    if let Some(fixed) = &range.fixed {
        parts.push(format!("< {fixed}"));
    }
    if let Some(last) = &range.last_affected {
        parts.push(format!("<= {last}"));
    }
    if parts.is_empty() { "all versions".to_owned() } else { parts.join(", ") }
}

/// Text for an affected range that has no fix: `all versions (no fix yet)`
/// or `>= 1.2 (no fix yet)`.
pub(crate) fn describe_unfixed(range: Option<&Range>) -> String {
    let bounds = range.map(describe).unwrap_or_else(|| "all versions".to_owned());
    format!("{bounds} (no fix yet)")
}

#[cfg(test)]
mod tests {
    use airlock_version::{SchemeMismatch, VersionScheme};

    use super::*;

    fn dpkg(s: &str) -> Version {
        Version::parse(VersionScheme::Dpkg, s).unwrap()
    }

    fn range(introduced: Option<&str>, fixed: Option<&str>, last: Option<&str>) -> Range {
        Range { introduced: introduced.map(dpkg), fixed: fixed.map(dpkg), last_affected: last.map(dpkg) }
    }

    #[test]
    fn bounds_are_half_open_on_fixed_and_closed_on_last_affected() {
        let r = range(Some("1.2"), Some("1.4"), None);
        assert!(!contains(&r, &dpkg("1.1")).unwrap());
        assert!(contains(&r, &dpkg("1.2")).unwrap());
        assert!(contains(&r, &dpkg("1.3-1")).unwrap());
        assert!(!contains(&r, &dpkg("1.4")).unwrap());
        let r = range(None, None, Some("2.0"));
        assert!(contains(&r, &dpkg("2.0")).unwrap());
        assert!(!contains(&r, &dpkg("2.0-1")).unwrap());
        assert!(contains(&range(None, None, None), &dpkg("99")).unwrap());
    }

    #[test]
    fn other_scheme_is_an_error() {
        let apk = Version::parse(VersionScheme::Apk, "1.0-r0").unwrap();
        let err = contains(&range(None, Some("1.4"), None), &apk).unwrap_err();
        assert_eq!(err, SchemeMismatch { left: VersionScheme::Apk, right: VersionScheme::Dpkg }.into());
    }

    #[test]
    fn describes_ranges() {
        assert_eq!(describe(&range(Some("1.2"), Some("1.4"), None)), ">= 1.2, < 1.4");
        assert_eq!(describe(&range(Some("0"), Some("1.4"), None)), "< 1.4");
        assert_eq!(describe(&range(None, None, Some("2.0"))), "<= 2.0");
        assert_eq!(describe_unfixed(None), "all versions (no fix yet)");
        assert_eq!(describe_unfixed(Some(&range(Some("1.2"), None, None))), ">= 1.2 (no fix yet)");
    }
}
