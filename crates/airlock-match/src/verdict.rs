//! What one distro record says about one installed version.

use std::cmp::Ordering;

use airlock_db::{Affected, DistroState};
use airlock_version::{CompareError, Version};

use crate::range;

/// The outcome of checking one [`Affected`] record against a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The distribution says the package was never affected.
    NotAffected,
    /// The installed version is outside every affected range.
    Clear,
    /// The installed version is affected.
    Affected {
        /// The smallest fixed version above the installed one, if any.
        fixed: Option<Version>,
        /// The affected range as text.
        range: String,
    },
}

/// Checks `record` against the installed `version`.
///
/// `Unfixed` and `WontFix` records with no ranges affect every version; `Fixed` records
/// affect only versions inside one of their ranges, and the fix reported is
/// the smallest fixed version among the ranges that contain the version.
pub(crate) fn evaluate(record: &Affected, version: &Version) -> Result<Verdict, CompareError> {
    match record.state {
        DistroState::NotAffected => Ok(Verdict::NotAffected),
        DistroState::WontFix if record.ranges.is_empty() => {
            Ok(Verdict::Affected { fixed: None, range: "all versions (the distribution will not fix it)".to_owned() })
        }
        DistroState::Unfixed | DistroState::WontFix => {
            if record.ranges.is_empty() {
                return Ok(Verdict::Affected { fixed: None, range: range::describe_unfixed(None) });
            }
            for r in &record.ranges {
                if range::contains(r, version)? {
                    return Ok(Verdict::Affected { fixed: None, range: range::describe_unfixed(Some(r)) });
                }
            }
            Ok(Verdict::Clear)
        }
        DistroState::Fixed | DistroState::Informational => {
            let mut best: Option<&airlock_db::Range> = None;
            for r in &record.ranges {
                if !range::contains(r, version)? {
                    continue;
                }
                best = Some(match (best, &r.fixed) {
                    (None, _) => r,
                    (Some(b), Some(fixed)) => match &b.fixed {
                        None => r,
                        Some(current) if fixed.try_cmp(current)? == Ordering::Less => r,
                        Some(_) => b,
                    },
                    (Some(b), None) => b,
                });
            }
            Ok(match best {
                None => Verdict::Clear,
                Some(r) if r.fixed.is_none() => {
                    Verdict::Affected { fixed: None, range: range::describe_unfixed(Some(r)) }
                }
                Some(r) => Verdict::Affected { fixed: r.fixed.clone(), range: range::describe(r) },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use airlock_db::Range;
    use airlock_version::VersionScheme;

    use super::*;

    fn apk(s: &str) -> Version {
        Version::parse(VersionScheme::Apk, s).unwrap()
    }

    fn fixed_in(versions: &[&str]) -> Affected {
        Affected {
            advisory: 0,
            state: DistroState::Fixed,
            ranges: versions
                .iter()
                .map(|v| Range { introduced: None, fixed: Some(apk(v)), last_affected: None })
                .collect(),
            urgency: None,
        }
    }

    #[test]
    fn smallest_containing_fix_wins_regardless_of_order() {
        let record = fixed_in(&["1.35.0-r18", "1.35.0-r7", "1.35.0-r20"]);
        assert_eq!(
            evaluate(&record, &apk("1.35.0-r17")).unwrap(),
            Verdict::Affected { fixed: Some(apk("1.35.0-r18")), range: "< 1.35.0-r18".into() }
        );
        assert_eq!(
            evaluate(&record, &apk("1.35.0-r5")).unwrap(),
            Verdict::Affected { fixed: Some(apk("1.35.0-r7")), range: "< 1.35.0-r7".into() }
        );
        assert_eq!(evaluate(&record, &apk("1.35.0-r20")).unwrap(), Verdict::Clear);
    }

    #[test]
    fn unfixed_and_not_affected() {
        let mut record = fixed_in(&[]);
        record.state = DistroState::Unfixed;
        assert_eq!(
            evaluate(&record, &apk("1.0-r0")).unwrap(),
            Verdict::Affected { fixed: None, range: "all versions (no fix yet)".into() }
        );
        record.state = DistroState::WontFix;
        assert_eq!(
            evaluate(&record, &apk("1.0-r0")).unwrap(),
            Verdict::Affected { fixed: None, range: "all versions (the distribution will not fix it)".into() }
        );
        record.state = DistroState::NotAffected;
        assert_eq!(evaluate(&record, &apk("1.0-r0")).unwrap(), Verdict::NotAffected);
        let record = fixed_in(&[]);
        assert_eq!(evaluate(&record, &apk("1.0-r0")).unwrap(), Verdict::Clear);
    }
}
