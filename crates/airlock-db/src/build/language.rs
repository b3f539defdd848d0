//! Language-ecosystem advisories: GitHub reviewed advisories (every
//! ecosystem), the PyPA database (OSV as YAML), the Go vulnerability
//! database and RustSec — all OSV records.
//!
//! - Names are normalised per ecosystem ([`crate::normalize_name`]) and Go
//!   versions lose their `v` prefix ([`crate::normalize_version`]), the
//!   same functions the matcher applies to installed packages.
//! - Records with `withdrawn` are dropped and counted. The GHSA mirrors
//!   lost that field, so GHSA records whose summary or details begin with
//!   "Withdrawn" or that call themselves a duplicate or withdrawn advisory
//!   are dropped too, counted separately.
//! - RustSec informational advisories (`unmaintained`, `unsound`, `notice`)
//!   are kept as [`DistroState::Informational`] with the kind as urgency.
//! - `last_affected` is inclusive; `limit` events end a range without a fix.
//! - Every record stays under its own id with its aliases: the matcher
//!   merges GHSA, PYSEC, GO, RUSTSEC and CVE ids of one vulnerability.

use std::path::Path;

use airlock_types::{AdvisoryId, Ecosystem, EcosystemKind};
use airlock_version::Version;
use serde::Deserialize;
use serde_json::Value;

use super::collect::Collector;
use super::summary::SourceSummary;
use super::{archive, osv, source_txt};
use crate::names::{language_kind, normalize_name, normalize_version};
use crate::{Advisory, Affected, CvssVector, DbError, DistroState, PackageKey, Range, SourceInfo};

/// How often (in files) progress is reported.
const PROGRESS_EVERY: u64 = 5000;

/// Prefixes of `related` ids kept (ids a user can look up and the matcher merges on).
const KEPT_RELATED: [&str; 5] = ["CVE-", "GHSA-", "PYSEC-", "GO-", "RUSTSEC-"];

/// One of the language feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feed {
    /// `ghsa-reviewed.tar.zst`: `<eco>/YYYY/MM/GHSA-…/GHSA-….json`.
    Ghsa,
    /// `pypa-advisory-database.tar.zst`: `vulns/<pkg>/PYSEC-….yaml`.
    Pypa,
    /// `golang-vulndb-osv.tar.zst`: `data/osv/GO-….json`.
    GoVulndb,
    /// `rustsec-osv.tar.zst`: `crates/RUSTSEC-….json`.
    RustSec,
}

impl Feed {
    /// Whether `file` (inside the archive's top folder) is a record.
    fn is_record(self, file: &str) -> bool {
        match self {
            Self::Ghsa => file.ends_with(".json") && file.contains("/GHSA-"),
            Self::Pypa => file.starts_with("vulns/") && file.ends_with(".yaml"),
            Self::GoVulndb => file.starts_with("data/osv/") && file.ends_with(".json"),
            Self::RustSec => file.starts_with("crates/") && file.ends_with(".json"),
        }
    }
}

/// One OSV record, reduced to what a language snapshot needs.
#[derive(Debug, Deserialize)]
pub(crate) struct Record {
    id: String,
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
    withdrawn: Option<String>,
    #[serde(default)]
    severity: Vec<Severity>,
    #[serde(default)]
    affected: Vec<AffectedEntry>,
    #[serde(default)]
    database_specific: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct Severity {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Debug, Deserialize)]
struct AffectedEntry {
    #[serde(default)]
    package: Option<PackageRef>,
    #[serde(default)]
    ranges: Vec<RangeEntry>,
    /// Exact affected versions; used only when there is no range.
    #[serde(default)]
    versions: Vec<String>,
    #[serde(default)]
    database_specific: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct PackageRef {
    #[serde(default)]
    ecosystem: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RangeEntry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    events: Vec<Event>,
}

#[derive(Debug, Default, Deserialize)]
struct Event {
    #[serde(default)]
    introduced: Option<String>,
    #[serde(default)]
    fixed: Option<String>,
    #[serde(default)]
    last_affected: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

/// Parses a record: JSON, or YAML for the PyPA feed.
pub(crate) fn parse(feed: Feed, bytes: &[u8]) -> Result<Record, String> {
    match feed {
        Feed::Pypa => serde_yaml_ng::from_slice(bytes).map_err(|e| format!("invalid OSV YAML: {e}")),
        _ => serde_json::from_slice(bytes).map_err(|e| format!("invalid OSV JSON: {e}")),
    }
}

/// Whether a GHSA record's text says it was withdrawn or is a duplicate
/// (the mirrors dropped the `withdrawn` field).
pub(crate) fn withdrawn_by_text(record: &Record) -> bool {
    let starts_withdrawn = |t: &Option<String>| {
        t.as_deref().is_some_and(|t| {
            t.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '*' | '_'))
                .get(..9)
                .is_some_and(|w| w.eq_ignore_ascii_case("withdrawn"))
        })
    };
    let says = |t: &Option<String>| {
        t.as_deref().is_some_and(|t| {
            let lower = t.to_ascii_lowercase();
            lower.contains("duplicate advisory") || lower.contains("this advisory has been withdrawn")
        })
    };
    starts_withdrawn(&record.summary)
        || starts_withdrawn(&record.details)
        || says(&record.summary)
        || says(&record.details)
}

impl Record {
    fn advisory(&self) -> Advisory {
        let summary = self.summary.as_deref().or(self.details.as_deref()).and_then(osv::one_line);
        let mut aliases: Vec<AdvisoryId> =
            self.aliases.iter().filter(|a| **a != self.id).map(|a| AdvisoryId::new(a)).collect();
        aliases.sort();
        aliases.dedup();
        let mut related: Vec<AdvisoryId> = self
            .related
            .iter()
            .filter(|r| KEPT_RELATED.iter().any(|p| r.starts_with(p)))
            .map(|r| AdvisoryId::new(r))
            .collect();
        related.sort();
        related.dedup();
        let cvss = self
            .severity
            .iter()
            .filter(|s| matches!(s.kind.as_str(), "CVSS_V3" | "CVSS_V4"))
            .map(|s| CvssVector { vector: s.score.trim().to_owned() })
            .collect();
        Advisory { id: AdvisoryId::new(&self.id), aliases, related, summary, published: self.published.clone(), cvss }
    }

    /// GHSA's `database_specific.severity` as an urgency (`moderate` → `medium`).
    fn label(&self) -> Option<String> {
        let label = self.database_specific.as_ref()?.get("severity")?.as_str()?.to_ascii_lowercase();
        Some(if label == "moderate" { "medium".to_owned() } else { label })
    }
}

/// What happened to one affected entry.
enum Outcome {
    Kept(PackageKey, Affected),
    OtherEcosystem,
    Skipped(String),
}

fn convert(entry: &AffectedEntry, advisory: u32, label: Option<&str>) -> Outcome {
    let Some(package) = &entry.package else { return Outcome::OtherEcosystem };
    let Some(kind) = package.ecosystem.as_deref().and_then(language_kind) else { return Outcome::OtherEcosystem };
    let name = package.name.as_deref().map(|n| normalize_name(kind, n)).unwrap_or_default();
    if name.is_empty() {
        return Outcome::Skipped(format!("{} entry without a package name", kind.osv_name()));
    }
    let mut ranges = Vec::new();
    for range in entry.ranges.iter().filter(|r| r.kind == "SEMVER" || r.kind == "ECOSYSTEM") {
        match events_to_ranges(kind, &range.events) {
            Ok(r) => ranges.extend(r),
            Err(reason) => return Outcome::Skipped(format!("{} {name}: {reason}", kind.osv_name())),
        }
    }
    if ranges.is_empty() {
        // Some records list only the exact affected versions.
        for raw in &entry.versions {
            match Version::parse(kind.scheme(), &normalize_version(kind, raw)) {
                Ok(v) => ranges.push(Range { introduced: Some(v.clone()), fixed: None, last_affected: Some(v) }),
                Err(e) => return Outcome::Skipped(format!("{} {name}: {e}", kind.osv_name())),
            }
        }
    }
    if ranges.is_empty() {
        return Outcome::Skipped(format!("{} {name}: no SEMVER or ECOSYSTEM range and no versions", kind.osv_name()));
    }
    let informational = entry
        .database_specific
        .as_ref()
        .and_then(|d| d.get("informational"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (state, urgency) = match informational {
        Some(kind) => (DistroState::Informational, Some(kind)),
        None if ranges.iter().any(|r| r.fixed.is_none() && r.last_affected.is_none()) => {
            (DistroState::Unfixed, label.map(str::to_owned))
        }
        None => (DistroState::Fixed, label.map(str::to_owned)),
    };
    let key = PackageKey { ecosystem: Ecosystem { kind, release: None }, name };
    Outcome::Kept(key, Affected { advisory, state, ranges, urgency })
}

/// Ordered OSV events → ranges. `introduced: "0"` is "from the start";
/// `limit` closes a range without a fix (`< limit` is not expressible, so
/// the range stays open, as OSV readers treat it).
fn events_to_ranges(kind: EcosystemKind, events: &[Event]) -> Result<Vec<Range>, String> {
    let parse = |raw: &str| Version::parse(kind.scheme(), &normalize_version(kind, raw)).map_err(|e| e.to_string());
    let mut ranges = Vec::new();
    let mut open: Option<Option<Version>> = None;
    for event in events {
        if let Some(raw) = &event.introduced {
            if let Some(introduced) = open.take() {
                ranges.push(Range { introduced, fixed: None, last_affected: None });
            }
            open = Some(if matches!(raw.trim(), "0" | "0.0.0-0") { None } else { Some(parse(raw)?) });
        } else if let Some(raw) = &event.fixed {
            let introduced = open.take().ok_or_else(|| format!("fixed {raw:?} without introduced"))?;
            ranges.push(Range { introduced, fixed: Some(parse(raw)?), last_affected: None });
        } else if let Some(raw) = &event.last_affected {
            let introduced = open.take().ok_or_else(|| format!("last_affected {raw:?} without introduced"))?;
            ranges.push(Range { introduced, fixed: None, last_affected: Some(parse(raw)?) });
        } else if event.limit.is_some() {
            continue;
        } else {
            return Err("event without introduced, fixed, last_affected or limit".into());
        }
    }
    if let Some(introduced) = open {
        ranges.push(Range { introduced, fixed: None, last_affected: None });
    }
    Ok(ranges)
}

/// Reads one language archive into the collector.
pub(crate) fn ingest(
    path: &Path,
    feed: Feed,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
    progress: &mut dyn FnMut(&str),
) -> Result<(), DbError> {
    let (mut withdrawn, mut by_text, mut other, mut merged, mut not_records) = (0, 0, 0, 0, 0);
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if summary.files.is_multiple_of(PROGRESS_EVERY) {
            progress(&format!("{}: {} files", summary.name, summary.files));
        }
        if file == "_source.txt" {
            return source_txt::apply(&String::from_utf8_lossy(bytes), info);
        }
        if !feed.is_record(file) {
            not_records += 1;
            return;
        }
        let record = match parse(feed, bytes) {
            Ok(r) => r,
            Err(reason) => return summary.skip_record(file, &reason),
        };
        if record.withdrawn.as_deref().is_some_and(|w| !w.trim().is_empty()) {
            withdrawn += 1;
            return;
        }
        if feed == Feed::Ghsa && withdrawn_by_text(&record) {
            by_text += 1;
            return;
        }
        summary.records += 1;
        let advisory = collector.advisory(record.advisory());
        let label = record.label();
        for entry in &record.affected {
            match convert(entry, advisory, label.as_deref()) {
                Outcome::Kept(key, affected) => {
                    if collector.add(key, affected) {
                        merged += 1;
                    } else {
                        summary.affected += 1;
                    }
                }
                Outcome::OtherEcosystem => other += 1,
                Outcome::Skipped(reason) => summary.skip_entry(file, &reason),
            }
        }
    })?;
    summary.ignore("withdrawn records (withdrawn field)", withdrawn);
    summary.ignore("withdrawn or duplicate GHSA records recognised by their text", by_text);
    summary.ignore("affected entries of ecosystems Airlock does not match (Hex, Pub, SwiftURL, GIT)", other);
    summary.ignore("entries repeating a package in the same record (merged)", merged);
    summary.ignore("files that are not records", not_records);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WITHDRAWN_LODASH: &str = r##"{"id": "GHSA-8p5q-j9m2-g8wr", "aliases": ["CVE-2021-41720"],
      "summary": "Withdrawn: Arbitrary code execution in lodash", "details": "# Withdrawn\n\nGitHub has chosen…",
      "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "4.17.21"}]}]}]}"##;

    #[test]
    fn withdrawn_and_duplicate_text_is_recognised() {
        let record = parse(Feed::Ghsa, WITHDRAWN_LODASH.as_bytes()).unwrap();
        assert!(withdrawn_by_text(&record));
        let bold = r#"{"id": "GHSA-x", "summary": "ESLint deps", "details": "**Withdrawn**\nGitHub has withdrawn"}"#;
        assert!(withdrawn_by_text(&parse(Feed::Ghsa, bold.as_bytes()).unwrap()));
        let dup = r#"{"id": "GHSA-y", "summary": "Duplicate Advisory: XSS in foo", "details": "x"}"#;
        assert!(withdrawn_by_text(&parse(Feed::Ghsa, dup.as_bytes()).unwrap()));
        let real = r#"{"id": "GHSA-z", "summary": "Prototype pollution in minimist", "details": "Affected versions withdraw nothing."}"#;
        assert!(!withdrawn_by_text(&parse(Feed::Ghsa, real.as_bytes()).unwrap()));
    }

    #[test]
    fn converts_names_versions_and_states() {
        let record = r#"{"id": "GO-2023-1", "aliases": ["CVE-2023-1", "GHSA-a"],
          "affected": [
            {"package": {"ecosystem": "Go", "name": "stdlib"},
             "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.19.9"}, {"introduced": "1.20.0-0"}, {"fixed": "1.20.4"}]}]},
            {"package": {"ecosystem": "PyPI", "name": "Zope.Interface"},
             "ranges": [{"type": "GIT", "events": [{"introduced": "0"}]}, {"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}]}]},
            {"package": {"ecosystem": "crates.io", "name": "smallvec"}, "database_specific": {"informational": "unsound"},
             "ranges": [{"type": "SEMVER", "events": [{"introduced": "0.0.0-0"}, {"fixed": "1.6.1"}]}]},
            {"package": {"ecosystem": "Hex", "name": "plug"}, "ranges": []},
            {"package": {"ecosystem": "crates.io", "name": "bingrep"}, "versions": ["0.8.5"]},
            {"package": {"ecosystem": "npm", "name": "x"}, "ranges": [{"type": "SEMVER", "events": [{"fixed": "1"}]}]}]}"#;
        let record = parse(Feed::GoVulndb, record.as_bytes()).unwrap();
        let outcomes: Vec<_> = record.affected.iter().map(|e| convert(e, 7, Some("high"))).collect();
        let Outcome::Kept(key, go) = &outcomes[0] else { panic!() };
        assert_eq!((key.ecosystem.kind, key.name.as_str()), (EcosystemKind::Go, "stdlib"));
        assert_eq!(go.state, DistroState::Fixed);
        assert_eq!(go.ranges.len(), 2);
        assert_eq!(go.ranges[1].introduced.as_ref().map(Version::raw), Some("1.20.0-0"));
        assert_eq!(go.urgency.as_deref(), Some("high"));
        let Outcome::Kept(key, py) = &outcomes[1] else { panic!() };
        assert_eq!(key.name, "zope-interface");
        assert_eq!(py.state, DistroState::Unfixed);
        let Outcome::Kept(_, rust) = &outcomes[2] else { panic!() };
        assert_eq!((rust.state, rust.urgency.as_deref()), (DistroState::Informational, Some("unsound")));
        assert_eq!(rust.ranges[0].introduced, None);
        assert!(matches!(outcomes[3], Outcome::OtherEcosystem));
        let Outcome::Kept(_, exact) = &outcomes[4] else { panic!() };
        assert_eq!(exact.ranges[0].introduced, exact.ranges[0].last_affected);
        assert_eq!(exact.state, DistroState::Fixed);
        let Outcome::Skipped(reason) = &outcomes[5] else { panic!() };
        assert!(reason.contains("without introduced"), "{reason}");
    }

    #[test]
    fn pypa_yaml_keeps_version_text() {
        let yaml = "id: PYSEC-2018-28\nmodified: 2021-06-10T06:51:00Z\npublished: 2018-06-14T13:29:00Z\naliases:\n- CVE-2018-18074\n- GHSA-x84v-xcm2-53pg\ndetails: The Requests package before 2.20.0\naffected:\n- package:\n    name: requests\n    ecosystem: PyPI\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: \"0\"\n    - fixed: 2.20.0\n  - type: ECOSYSTEM\n    events:\n    - introduced: 1.0\n    - last_affected: 1.10\n";
        let record = parse(Feed::Pypa, yaml.as_bytes()).unwrap();
        let advisory = record.advisory();
        assert_eq!(advisory.aliases.len(), 2);
        assert_eq!(advisory.published.as_deref(), Some("2018-06-14T13:29:00Z"));
        let Outcome::Kept(_, entry) = convert(&record.affected[0], 0, None) else { panic!() };
        assert_eq!(entry.ranges[0].fixed.as_ref().map(Version::raw), Some("2.20.0"));
        assert_eq!(entry.ranges[1].last_affected.as_ref().map(Version::raw), Some("1.10"));
        assert!(parse(Feed::Pypa, b"id: [unclosed").unwrap_err().starts_with("invalid OSV YAML"));
    }
}
