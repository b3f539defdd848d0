//! OSV JSON records, reduced to the fields the snapshot needs.
//!
//! The structs deserialise only what is used (`versions` arrays, references
//! and the rest are skipped by serde), which keeps a 44k-file build fast.

use airlock_types::{AdvisoryId, Ecosystem, EcosystemKind};
use airlock_version::Version;
use serde::Deserialize;

use crate::{Advisory, CvssVector, DistroState, PackageKey, Range};

/// Longest summary kept, in characters; longer first lines are cut at a word.
const MAX_SUMMARY_CHARS: usize = 200;

/// Prefixes of `related` ids worth keeping: the ones a Debian or Alpine user
/// can look up. SUSE/Ubuntu/Red Hat cross-links are dropped to keep the
/// snapshot small.
const KEPT_RELATED: [&str; 5] = ["CVE-", "DSA-", "DLA-", "DTSA-", "GHSA-"];

/// One OSV record.
#[derive(Debug, Deserialize)]
pub(crate) struct OsvRecord {
    pub(crate) id: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    severity: Vec<OsvSeverity>,
    #[serde(default)]
    pub(crate) affected: Vec<OsvAffected>,
}

#[derive(Debug, Deserialize)]
struct OsvSeverity {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

/// One `affected[]` entry.
#[derive(Debug, Deserialize)]
pub(crate) struct OsvAffected {
    #[serde(default)]
    package: OsvPackage,
    #[serde(default)]
    ranges: Vec<OsvRange>,
    #[serde(default)]
    ecosystem_specific: Option<EcosystemSpecific>,
}

#[derive(Debug, Default, Deserialize)]
struct OsvPackage {
    #[serde(default)]
    ecosystem: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OsvRange {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    events: Vec<OsvEvent>,
}

/// An OSV range event; any other key fails the entry.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum OsvEvent {
    Introduced(String),
    Fixed(String),
    LastAffected(String),
    Limit(String),
}

#[derive(Debug, Deserialize)]
struct EcosystemSpecific {
    #[serde(default)]
    urgency: Option<String>,
}

/// An affected entry converted to snapshot terms (the advisory index is added by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Converted {
    pub(crate) key: PackageKey,
    pub(crate) state: DistroState,
    pub(crate) ranges: Vec<Range>,
    pub(crate) urgency: Option<String>,
}

/// Parses one OSV JSON file.
pub(crate) fn parse(bytes: &[u8]) -> Result<OsvRecord, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("invalid OSV JSON: {e}"))
}

impl OsvRecord {
    /// The advisory part: ids, one-line summary, date, CVSS v3 vectors.
    pub(crate) fn advisory(&self) -> Advisory {
        let summary = self.summary.as_deref().or(self.details.as_deref()).and_then(one_line);
        let mut related: Vec<AdvisoryId> = self
            .related
            .iter()
            .filter(|r| KEPT_RELATED.iter().any(|p| r.starts_with(p)))
            .map(|r| AdvisoryId::new(r))
            .collect();
        related.sort();
        related.dedup();
        let mut aliases: Vec<AdvisoryId> = self.aliases.iter().map(|a| AdvisoryId::new(a)).collect();
        aliases.sort();
        aliases.dedup();
        Advisory {
            id: AdvisoryId::new(&self.id),
            aliases,
            related,
            summary,
            published: self.published.clone(),
            cvss: self.cvss(),
        }
    }

    /// The CVSS v3 vectors of `severity[]`.
    pub(crate) fn cvss(&self) -> Vec<CvssVector> {
        self.severity
            .iter()
            .filter(|s| s.kind == "CVSS_V3" && s.score.starts_with("CVSS:3"))
            .map(|s| CvssVector { vector: s.score.trim().to_owned() })
            .collect()
    }
}

impl OsvAffected {
    /// Converts the entry if its ecosystem is of `kind`: `Ok(None)` for other
    /// ecosystems (Alpine or package-less GIT entries in a Debian record),
    /// `Err` with a reason when it is of `kind` but cannot be used.
    pub(crate) fn convert(&self, kind: EcosystemKind) -> Result<Option<Converted>, String> {
        let Some(ecosystem) = self.package.ecosystem.as_deref().and_then(Ecosystem::from_osv) else {
            return Ok(None);
        };
        if ecosystem.kind != kind {
            return Ok(None);
        }
        let name = self.package.name.as_deref().map(str::trim).unwrap_or_default();
        if name.is_empty() {
            return Err(format!("{ecosystem} entry without a package name"));
        }
        let mut ranges = Vec::new();
        for range in &self.ranges {
            if range.kind != "ECOSYSTEM" {
                return Err(format!("{ecosystem} {name}: unsupported range type {:?}", range.kind));
            }
            ranges.extend(
                events_to_ranges(kind, &range.events).map_err(|reason| format!("{ecosystem} {name}: {reason}"))?,
            );
        }
        if ranges.is_empty() {
            return Err(format!("{ecosystem} {name}: no ECOSYSTEM range"));
        }
        let open = ranges.iter().any(|r| r.fixed.is_none() && r.last_affected.is_none());
        let state = if open { DistroState::Unfixed } else { DistroState::Fixed };
        let urgency = self.ecosystem_specific.as_ref().and_then(|e| e.urgency.clone());
        Ok(Some(Converted { key: PackageKey { ecosystem, name: name.to_owned() }, state, ranges, urgency }))
    }
}

/// Turns ordered OSV events into ranges: each `introduced` opens a range,
/// `fixed`/`last_affected` closes it; `introduced: "0"` means from the start.
fn events_to_ranges(kind: EcosystemKind, events: &[OsvEvent]) -> Result<Vec<Range>, String> {
    let parse = |raw: &str| Version::parse(kind.scheme(), raw.trim()).map_err(|e| e.to_string());
    let mut ranges = Vec::new();
    let mut open: Option<Option<Version>> = None;
    for event in events {
        match event {
            OsvEvent::Introduced(raw) => {
                if let Some(introduced) = open.take() {
                    ranges.push(Range { introduced, fixed: None, last_affected: None });
                }
                open = Some(if raw.trim() == "0" { None } else { Some(parse(raw)?) });
            }
            OsvEvent::Fixed(raw) => {
                let introduced = open.take().ok_or_else(|| format!("fixed {raw:?} without introduced"))?;
                ranges.push(Range { introduced, fixed: Some(parse(raw)?), last_affected: None });
            }
            OsvEvent::LastAffected(raw) => {
                let introduced = open.take().ok_or_else(|| format!("last_affected {raw:?} without introduced"))?;
                ranges.push(Range { introduced, fixed: None, last_affected: Some(parse(raw)?) });
            }
            OsvEvent::Limit(raw) => return Err(format!("unsupported limit event {raw:?}")),
        }
    }
    if let Some(introduced) = open {
        ranges.push(Range { introduced, fixed: None, last_affected: None });
    }
    Ok(ranges)
}

/// The first non-empty line, cut to [`MAX_SUMMARY_CHARS`] at a word boundary.
pub(crate) fn one_line(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if line.chars().count() <= MAX_SUMMARY_CHARS {
        return Some(line.to_owned());
    }
    let cut: String = line.chars().take(MAX_SUMMARY_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', ':', '.']);
    Some(format!("{cut}…"))
}

#[cfg(test)]
mod tests {
    use airlock_version::VersionScheme;

    use super::*;

    fn dpkg(v: &str) -> Version {
        Version::parse(VersionScheme::Dpkg, v).unwrap()
    }

    const CVE_RECORD: &str = r#"{
      "schema_version": "1.6.0", "id": "CVE-2023-0464", "published": "2023-03-22T17:15:13Z",
      "aliases": ["BIT-openssl-2023-0464"],
      "related": ["DSA-5417-1", "SUSE-SU-2023:1470-1", "USN-6039-1", "DLA-3449-1"],
      "details": "A security vulnerability has been identified in all supported versions\nof OpenSSL related to the verification of X.509 certificate chains.",
      "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
      "affected": [
        {"package": {"ecosystem": "Debian:12", "name": "openssl", "purl": "pkg:deb/debian/openssl?arch=source"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.8-1"}]}],
         "versions": ["3.0.2-1", "3.0.7-1"],
         "ecosystem_specific": {"urgency": "low"},
         "database_specific": {"source": "x"}},
        {"package": {"ecosystem": "Debian:13", "name": "openssl"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
         "ecosystem_specific": {"urgency": "not yet assigned"}},
        {"package": {"ecosystem": "Alpine:v3.17", "name": "openssl"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.8-r3"}]}]},
        {"package": {}, "ranges": [{"type": "GIT", "repo": "https://github.com/openssl/openssl",
         "events": [{"introduced": "0"}, {"fixed": "959c59c7a0164117e7f8366466a32bb1f8d77ff1"}]}]}
      ]
    }"#;

    #[test]
    fn cve_record_keeps_only_debian_entries_with_ranges_state_and_urgency() {
        let record = parse(CVE_RECORD.as_bytes()).unwrap();
        let converted: Vec<_> =
            record.affected.iter().map(|a| a.convert(EcosystemKind::Debian).unwrap()).collect::<Vec<_>>();
        assert_eq!(converted.len(), 4);
        assert!(converted[2].is_none(), "Alpine entry is not Debian's");
        assert!(converted[3].is_none(), "GIT entry has no ecosystem");
        let bookworm = converted[0].clone().unwrap();
        assert_eq!(bookworm.key, PackageKey { ecosystem: Ecosystem::debian("12"), name: "openssl".into() });
        assert_eq!(bookworm.state, DistroState::Fixed);
        assert_eq!(
            bookworm.ranges,
            vec![Range { introduced: None, fixed: Some(dpkg("3.0.8-1")), last_affected: None }]
        );
        assert_eq!(bookworm.urgency.as_deref(), Some("low"));
        let trixie = converted[1].clone().unwrap();
        assert_eq!(trixie.state, DistroState::Unfixed);
        assert_eq!(trixie.ranges, vec![Range { introduced: None, fixed: None, last_affected: None }]);
        assert_eq!(trixie.urgency.as_deref(), Some("not yet assigned"));
    }

    #[test]
    fn cve_record_advisory_fields() {
        let advisory = parse(CVE_RECORD.as_bytes()).unwrap().advisory();
        assert_eq!(advisory.id.as_str(), "CVE-2023-0464");
        assert_eq!(advisory.aliases, vec![AdvisoryId::new("BIT-openssl-2023-0464")]);
        // SUSE/USN cross-links are dropped, the rest sorted.
        assert_eq!(advisory.related, vec![AdvisoryId::new("DLA-3449-1"), AdvisoryId::new("DSA-5417-1")]);
        assert_eq!(
            advisory.summary.as_deref(),
            Some("A security vulnerability has been identified in all supported versions")
        );
        assert_eq!(advisory.published.as_deref(), Some("2023-03-22T17:15:13Z"));
        assert_eq!(advisory.cvss, vec![CvssVector { vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H".into() }]);
    }

    #[test]
    fn dsa_record_lists_its_cves_in_related() {
        let dsa = r#"{"id": "DSA-5311-1", "published": "2023-01-08T00:00:00Z",
          "related": ["CVE-2022-32749", "CVE-2022-37392"], "summary": "trafficserver - security update",
          "affected": [{"package": {"ecosystem": "Debian:11", "name": "trafficserver"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "8.1.6+ds-1~deb11u1"}]}]}]}"#;
        let record = parse(dsa.as_bytes()).unwrap();
        let advisory = record.advisory();
        assert_eq!(advisory.summary.as_deref(), Some("trafficserver - security update"));
        assert!(advisory.cvss.is_empty());
        assert_eq!(advisory.related, vec![AdvisoryId::new("CVE-2022-32749"), AdvisoryId::new("CVE-2022-37392")]);
        let entry = record.affected[0].convert(EcosystemKind::Debian).unwrap().unwrap();
        assert_eq!(entry.key.ecosystem, Ecosystem::debian("11"));
        assert_eq!(entry.ranges[0].fixed.as_ref().map(Version::raw), Some("8.1.6+ds-1~deb11u1"));
        assert_eq!(entry.urgency, None);
    }

    #[test]
    fn unknown_events_and_bad_versions_are_errors_with_reasons() {
        let bad_event = r#"{"id": "CVE-1", "affected": [{"package": {"ecosystem": "Debian:12", "name": "x"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"removed": "1"}]}]}]}"#;
        let err = parse(bad_event.as_bytes()).unwrap_err();
        assert!(err.contains("removed"), "{err}");

        let empty_version = r#"{"id": "CVE-2", "affected": [{"package": {"ecosystem": "Debian:12", "name": "x"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": ""}]}]}]}"#;
        let record = parse(empty_version.as_bytes()).unwrap();
        let err = record.affected[0].convert(EcosystemKind::Debian).unwrap_err();
        assert!(err.starts_with("Debian:12 x: invalid dpkg version"), "{err}");

        let orphan_fix = r#"{"id": "CVE-3", "affected": [{"package": {"ecosystem": "Debian:12", "name": "x"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "1.0"}]}]}]}"#;
        let err = parse(orphan_fix.as_bytes()).unwrap().affected[0].convert(EcosystemKind::Debian).unwrap_err();
        assert!(err.contains("without introduced"), "{err}");

        assert!(parse(b"{not json").unwrap_err().starts_with("invalid OSV JSON"));
    }

    #[test]
    fn last_affected_and_multiple_ranges() {
        let ranges = events_to_ranges(
            EcosystemKind::Debian,
            &[
                OsvEvent::Introduced("1.0".into()),
                OsvEvent::LastAffected("1.4".into()),
                OsvEvent::Introduced("2.0".into()),
            ],
        )
        .unwrap();
        assert_eq!(
            ranges,
            vec![
                Range { introduced: Some(dpkg("1.0")), fixed: None, last_affected: Some(dpkg("1.4")) },
                Range { introduced: Some(dpkg("2.0")), fixed: None, last_affected: None },
            ]
        );
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let long = format!("{} tail", "word ".repeat(60));
        let cut = one_line(&long).unwrap();
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= MAX_SUMMARY_CHARS + 1);
        assert_eq!(one_line("\n\n  first  \nsecond"), Some("first".into()));
        assert_eq!(one_line("  \n"), None);
    }
}
