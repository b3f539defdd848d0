//! Severity of a finding: the vendor's rating first, then CVSS v4 over v3
//! over v2, then `unspecified` — with every source's rating kept side by side.
//!
//! CVSS base scores are computed from the vectors: v3.0/v3.1
//! (<https://www.first.org/cvss/v3.1/specification-document>) and v4.0
//! (<https://www.first.org/cvss/v4.0/specification-document>) with the `cvss`
//! crate, v2 (<https://www.first.org/cvss/v2/guide>, §3.2.1) here. Buckets
//! follow FIRST's rating scale ([`Severity::from_score`]) for v3/v4 and NVD's
//! v2 scale (no "critical": 7.0–10.0 is high) for v2.
//!
//! Vendor ratings: Debian urgency (`unimportant` → low), Ubuntu priority
//! (`negligible` → low), Red Hat severity (`Moderate` → medium, `Important` →
//! high). Values that carry no rating (`not yet assigned`, `untriaged`,
//! `end-of-life`) do not decide; they are still listed.

use std::str::FromStr;

use airlock_types::{Cvss, Rating, Severity, SeveritySource};

/// The severity verdict for one finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Severity bucket.
    pub severity: Severity,
    /// What set it.
    pub source: SeveritySource,
    /// The preferred CVSS vector (v4 over v3.1 over v3.0 over v2) and its
    /// score, when one exists, even when a vendor rating decided.
    pub cvss: Option<Cvss>,
    /// Every rating considered: the vendor's first, then each CVSS vector
    /// in preference order.
    pub ratings: Vec<Rating>,
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

/// Parses a CVSS v4.0 vector and computes its score (CVSS-B, or CVSS-BT/BTE
/// when threat/environmental metrics are present); `None` when it is not a
/// complete v4.0 vector.
pub fn cvss_v4(vector: &str) -> Option<Cvss> {
    let vector = vector.trim();
    if !vector.starts_with("CVSS:4.0/") {
        return None;
    }
    let parsed = cvss::v4::Vector::from_str(vector).ok()?;
    Some(Cvss { version: "4.0".to_owned(), vector: vector.to_owned(), score: parsed.score().value() })
}

/// Parses a CVSS v2 base vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in
/// parentheses or prefixed `CVSS:2.0/`; temporal/environmental metrics are
/// ignored) and computes its base score with the v2 guide's equations.
pub fn cvss_v2(vector: &str) -> Option<Cvss> {
    let trimmed = vector.trim();
    let body = trimmed.trim_start_matches('(').trim_end_matches(')');
    let body = body.strip_prefix("CVSS:2.0/").unwrap_or(body);
    let (mut av, mut ac, mut au, mut c, mut i, mut a) = (None, None, None, None, None, None);
    for part in body.split('/') {
        let (key, value) = part.split_once(':')?;
        let slot = match key {
            "AV" => &mut av,
            "AC" => &mut ac,
            "Au" => &mut au,
            "C" => &mut c,
            "I" => &mut i,
            "A" => &mut a,
            // Temporal and environmental metrics do not change the base score.
            "E" | "RL" | "RC" | "CDP" | "TD" | "CR" | "IR" | "AR" => continue,
            _ => return None,
        };
        let weight: f64 = match (key, value) {
            ("AV", "L") => 0.395,
            ("AV", "A") => 0.646,
            ("AV", "N") => 1.0,
            ("AC", "H") => 0.35,
            ("AC", "M") => 0.61,
            ("AC", "L") => 0.71,
            ("Au", "M") => 0.45,
            ("Au", "S") => 0.56,
            ("Au", "N") => 0.704,
            ("C" | "I" | "A", "N") => 0.0,
            ("C" | "I" | "A", "P") => 0.275,
            ("C" | "I" | "A", "C") => 0.660,
            _ => return None,
        };
        if slot.replace(weight).is_some() {
            return None;
        }
    }
    let (av, ac, au, c, i, a) = (av?, ac?, au?, c?, i?, a?);
    let impact = 10.41 * (1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a));
    let exploitability = 20.0 * av * ac * au;
    let f_impact = if impact == 0.0 { 0.0 } else { 1.176 };
    let base = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f_impact;
    // "round_to_1_decimal": half away from zero, after clearing float noise.
    let score = ((base * 10.0 * 1e6).round() / 1e6).round() / 10.0;
    Some(Cvss { version: "2.0".to_owned(), vector: trimmed.to_owned(), score: score.max(0.0) })
}

/// Parses any supported CVSS vector (v2, v3.0, v3.1, v4.0).
pub fn parse_cvss(vector: &str) -> Option<Cvss> {
    let v = vector.trim();
    if v.starts_with("CVSS:4.0/") {
        cvss_v4(v)
    } else if v.starts_with("CVSS:3.") {
        cvss_v3(v)
    } else {
        cvss_v2(v)
    }
}

/// The bucket of a scored vector: FIRST's scale for v3/v4, NVD's v2 scale
/// (0–3.9 low, 4–6.9 medium, 7–10 high) for v2.
pub fn cvss_severity(cvss: &Cvss) -> Severity {
    if cvss.version == "2.0" {
        match cvss.score {
            s if s >= 7.0 => Severity::High,
            s if s >= 4.0 => Severity::Medium,
            s if s > 0.0 => Severity::Low,
            _ => Severity::Unspecified,
        }
    } else {
        Severity::from_score(cvss.score)
    }
}

/// Preference rank of a CVSS version: v4.0 > v3.1 > v3.0 > v2.
fn rank(version: &str) -> u8 {
    match version {
        "4.0" => 4,
        "3.1" => 3,
        "3.0" => 2,
        _ => 1,
    }
}

/// The preferred CVSS among `vectors`: the newest version wins (v4.0, then
/// v3.1, v3.0, v2); within a version the highest score (ties keep the first).
pub fn best_cvss<'a>(vectors: impl IntoIterator<Item = &'a str>) -> Option<Cvss> {
    let mut best: Option<Cvss> = None;
    for candidate in vectors.into_iter().filter_map(parse_cvss) {
        let better = match &best {
            None => true,
            Some(b) => (rank(&candidate.version), candidate.score) > (rank(&b.version), b.score),
        };
        if better {
            best = Some(candidate);
        }
    }
    best
}

/// Maps a vendor rating to a bucket — Debian urgency, Ubuntu priority, Red
/// Hat severity: `critical`; `high`/`important`; `medium`/`moderate`;
/// `low`/`unimportant`/`negligible`. Anything else (`not yet assigned`,
/// `untriaged`, `end-of-life`, unknown text) is unspecified. Debian's
/// tracker marks unconfirmed values with a trailing `*`, which is ignored.
pub fn urgency_severity(urgency: &str) -> Severity {
    match urgency.trim().trim_end_matches('*').to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "high" | "important" => Severity::High,
        "medium" | "moderate" => Severity::Medium,
        "low" | "unimportant" | "negligible" => Severity::Low,
        _ => Severity::Unspecified,
    }
}

/// Decides the severity from CVSS vectors and vendor ratings whose vendor
/// is not named (the rating is listed with source `distro`).
pub fn assess<'a, 'b>(
    vectors: impl IntoIterator<Item = &'a str>,
    urgencies: impl IntoIterator<Item = &'b str>,
) -> Assessment {
    assess_sources("distro", vectors.into_iter().map(|v| ("advisory", v)), urgencies)
}

/// Decides the severity of one finding.
///
/// `vendor` names who gave `urgencies` (`debian`, `ubuntu`, `redhat`);
/// `vectors` are `(source, vector)` pairs, the source being the advisory
/// that carried the vector. Precedence: the most severe vendor rating that
/// means something ([`SeveritySource::DistroUrgency`]); else the preferred
/// CVSS vector with a non-zero score ([`SeveritySource::Cvss`]); else
/// [`SeveritySource::None`] — or the vendor's text when it gave only a
/// non-rating such as `not yet assigned`. Unparseable vectors are skipped.
pub fn assess_sources<'a, 'b>(
    vendor: &str,
    vectors: impl IntoIterator<Item = (&'a str, &'a str)>,
    urgencies: impl IntoIterator<Item = &'b str>,
) -> Assessment {
    let mut labels: Vec<&str> = urgencies.into_iter().map(str::trim).filter(|u| !u.is_empty()).collect();
    labels.sort_by_key(|u| urgency_severity(u));
    labels.dedup();
    let mut scored: Vec<(&str, Cvss)> = Vec::new();
    for (source, vector) in vectors {
        if let Some(c) = parse_cvss(vector)
            && !scored.iter().any(|(s, known)| *s == source && known.vector == c.vector)
        {
            scored.push((source, c));
        }
    }
    scored.sort_by(|(_, a), (_, b)| rank(&b.version).cmp(&rank(&a.version)).then(b.score.total_cmp(&a.score)));
    let mut ratings: Vec<Rating> = labels
        .iter()
        .map(|label| Rating {
            source: vendor.to_owned(),
            method: "vendor".to_owned(),
            severity: urgency_severity(label),
            label: Some((*label).to_owned()),
            vector: None,
            score: None,
        })
        .collect();
    ratings.extend(scored.iter().map(|(source, c)| Rating {
        source: (*source).to_owned(),
        method: c.version.clone(),
        severity: cvss_severity(c),
        label: None,
        vector: Some(c.vector.clone()),
        score: Some(c.score),
    }));
    let cvss = scored.first().map(|(_, c)| c.clone());
    let (severity, source) =
        if let Some(label) = labels.first().filter(|l| urgency_severity(l) != Severity::Unspecified) {
            (urgency_severity(label), SeveritySource::DistroUrgency((*label).to_owned()))
        } else if let Some(c) = cvss.as_ref().filter(|c| c.score > 0.0) {
            (cvss_severity(c), SeveritySource::Cvss)
        } else if let Some(label) = labels.first() {
            (Severity::Unspecified, SeveritySource::DistroUrgency((*label).to_owned()))
        } else {
            (Severity::Unspecified, SeveritySource::None)
        };
    Assessment { severity, source, cvss, ratings }
}

/// Whether a CVSS `vector` sets `metric` (`AV:N`, case-sensitive keys as the
/// specifications spell them).
pub fn vector_has_metric(vector: &str, metric: &str) -> bool {
    let metric = metric.trim();
    vector
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split('/')
        .filter(|part| !part.starts_with("CVSS:"))
        .any(|part| part == metric)
}

#[cfg(test)]
mod tests;
