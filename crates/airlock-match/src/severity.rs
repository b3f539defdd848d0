//! Severity of a finding: CVSS v3 first, then the distro urgency.
//!
//! The CVSS base score is computed from the vector (CVSS v3.1 specification,
//! <https://www.first.org/cvss/v3.1/specification-document>) with the `cvss`
//! crate; the bucket follows the FIRST rating scale ([`Severity::from_score`]).
//! Without a usable vector the distribution's urgency decides; Debian's
//! `unimportant` counts as low, `not yet assigned` and `end-of-life` as
//! unspecified.

use std::str::FromStr;

use airlock_types::{Cvss, Severity, SeveritySource};

/// The severity verdict for one finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Severity bucket.
    pub severity: Severity,
    /// What set it.
    pub source: SeveritySource,
    /// The chosen CVSS v3 vector and its score, when one exists.
    pub cvss: Option<Cvss>,
}

/// Parses a CVSS v3.0/v3.1 vector and computes its base score; `None` for
/// other versions, unknown metrics or a vector missing a base metric.
pub fn cvss_v3(vector: &str) -> Option<Cvss> {
    let vector = vector.trim();
    let version = if vector.starts_with("CVSS:3.1/") {
        "3.1"
    } else if vector.starts_with("CVSS:3.0/") {
        "3.0"
    } else {
        return None;
    };
    let base = cvss::v3::Base::from_str(vector).ok()?;
    let complete = base.av.is_some()
        && base.ac.is_some()
        && base.pr.is_some()
        && base.ui.is_some()
        && base.s.is_some()
        && base.c.is_some()
        && base.i.is_some()
        && base.a.is_some();
    complete.then(|| Cvss { version: version.to_owned(), vector: vector.to_owned(), score: base.score().value() })
}

/// The best CVSS v3 among `vectors`: any v3.1 beats any v3.0; within a
/// version the highest score wins (ties keep the first).
pub fn best_cvss<'a>(vectors: impl IntoIterator<Item = &'a str>) -> Option<Cvss> {
    let mut best: Option<Cvss> = None;
    for candidate in vectors.into_iter().filter_map(cvss_v3) {
        let better = match &best {
            None => true,
            Some(b) => (candidate.version.as_str(), candidate.score) > (b.version.as_str(), b.score),
        };
        if better {
            best = Some(candidate);
        }
    }
    best
}

/// Maps a distro urgency to a bucket: `low`/`medium`/`high` (and
/// `critical`), Red Hat's `important`/`moderate` → high/medium,
/// `unimportant`/`negligible` → low; anything else (`not yet
/// assigned`, `end-of-life`, unknown text) → unspecified. Debian's tracker
/// marks unconfirmed values with a trailing `*`, which is ignored.
pub fn urgency_severity(urgency: &str) -> Severity {
    match urgency.trim().trim_end_matches('*').to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        // Red Hat, AlmaLinux and Rocky rate advisories Critical/Important/Moderate/Low.
        "high" | "important" => Severity::High,
        "medium" | "moderate" => Severity::Medium,
        "low" | "unimportant" | "negligible" => Severity::Low,
        _ => Severity::Unspecified,
    }
}

/// Decides the severity from the candidate CVSS vectors and urgencies.
///
/// A v3 vector with a non-zero score wins ([`SeveritySource::Cvss`]); else
/// the most severe urgency ([`SeveritySource::DistroUrgency`]); else
/// unspecified ([`SeveritySource::None`]). `cvss` is filled whenever a v3
/// vector exists, even when it did not decide.
pub fn assess<'a, 'b>(
    vectors: impl IntoIterator<Item = &'a str>,
    urgencies: impl IntoIterator<Item = &'b str>,
) -> Assessment {
    let cvss = best_cvss(vectors);
    if let Some(c) = cvss.as_ref().filter(|c| c.score > 0.0) {
        return Assessment { severity: Severity::from_score(c.score), source: SeveritySource::Cvss, cvss };
    }
    let urgency = urgencies.into_iter().map(str::trim).filter(|u| !u.is_empty()).min_by_key(|u| urgency_severity(u));
    match urgency {
        Some(u) => {
            Assessment { severity: urgency_severity(u), source: SeveritySource::DistroUrgency(u.to_owned()), cvss }
        }
        None => Assessment { severity: Severity::Unspecified, source: SeveritySource::None, cvss },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRITICAL: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

    #[test]
    fn scores_match_hand_computation() {
        // ISS = 1 - (1-0.56)^3 = 0.914816; impact = 6.42 * ISS = 5.8731;
        // exploitability = 8.22 * 0.85 * 0.77 * 0.85 * 0.85 = 3.8870;
        // base = roundup(9.7601) = 9.8.
        let c = cvss_v3(CRITICAL).unwrap();
        assert_eq!((c.version.as_str(), c.score), ("3.1", 9.8));
        assert_eq!(Severity::from_score(c.score), Severity::Critical);
        // Scope changed, C:L/I:L: ISS = 1 - 0.78^2 = 0.3916; impact = 7.52 * 0.3626 - 3.25 * 0.3716^15 = 2.7268;
        // exploitability = 8.22 * 0.85 * 0.77 * 0.85 * 0.62 = 2.8352; base = roundup(1.08 * 5.5620) = 6.1.
        let xss = cvss_v3("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N").unwrap();
        assert_eq!(xss.score, 6.1);
        // AV:L/PR:L, A:H only: exploitability = 8.22 * 0.55 * 0.77 * 0.62 * 0.85 = 1.8349;
        // impact = 6.42 * 0.56 = 3.5952; base = roundup(5.4301) = 5.5.
        let medium = cvss_v3("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H").unwrap();
        assert_eq!((medium.version.as_str(), medium.score), ("3.0", 5.5));
    }

    #[test]
    fn rejects_other_versions_and_incomplete_vectors() {
        assert_eq!(cvss_v3("AV:N/AC:L/Au:N/C:P/I:P/A:P"), None);
        assert_eq!(cvss_v3("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), None);
        assert_eq!(cvss_v3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"), None);
        assert_eq!(cvss_v3("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), None);
    }

    #[test]
    fn prefers_v31_then_highest_score() {
        let best =
            best_cvss(["CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H"])
                .unwrap();
        assert_eq!((best.version.as_str(), best.score), ("3.1", 5.5));
        let best = best_cvss(["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", CRITICAL]).unwrap();
        assert_eq!(best.score, 9.8);
    }

    #[test]
    fn cvss_beats_urgency() {
        let a = assess([CRITICAL], ["unimportant"]);
        assert_eq!((a.severity, a.source), (Severity::Critical, SeveritySource::Cvss));
        assert_eq!(a.cvss.unwrap().score, 9.8);
    }

    #[test]
    fn urgency_when_no_vector() {
        let a = assess([], ["medium"]);
        assert_eq!(
            (a.severity, a.source, a.cvss),
            (Severity::Medium, SeveritySource::DistroUrgency("medium".into()), None)
        );
        assert_eq!(assess([], ["unimportant"]).severity, Severity::Low);
        let a = assess([], ["not yet assigned"]);
        assert_eq!(
            (a.severity, a.source),
            (Severity::Unspecified, SeveritySource::DistroUrgency("not yet assigned".into()))
        );
        assert_eq!(assess([], ["end-of-life", "high"]).severity, Severity::High);
        assert_eq!(urgency_severity("low*"), Severity::Low);
    }

    #[test]
    fn unspecified_without_data() {
        let a = assess(["garbage"], []);
        assert_eq!((a.severity, a.source, a.cvss), (Severity::Unspecified, SeveritySource::None, None));
    }
}
