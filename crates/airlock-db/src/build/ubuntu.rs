//! The Ubuntu CVE tracker as JSON (`YYYY/CVE-*.json`, not OSV).
//!
//! Each file is one CVE with `packages: {<release>: {<source package>:
//! {status, note}}}`. Releases are codenames; the snapshot keys them as
//! `Ubuntu:<codename>`. Status mapping:
//!
//! | tracker status | snapshot |
//! |---|---|
//! | `released` (note = fixed version) | `Fixed` below that version |
//! | `needed`, `deferred`, `pending`, `needs-triage` | `Unfixed` (every version) |
//! | `ignored` (note = reason, often end of support) | `WontFix` (every version) |
//! | `not-affected`, `DNE` | not affected: left out (see below) |
//!
//! `needs-triage` is treated as affected, as Trivy and Grype do: Ubuntu has
//! not ruled the package out. `not-affected` and `DNE` (package does not
//! exist in that release) entries are counted but not stored: Ubuntu is the
//! only source for Ubuntu releases, so a stored "not affected" could never
//! change a result, and the 4.3 million of them would dominate the snapshot.
//! Only the LTS releases since 14.04 are kept; ESM/FIPS streams, `upstream`,
//! `devel` and end-of-life interim releases are counted and left out.
//! The CVE's `priority` becomes each entry's urgency.

use std::collections::BTreeMap;
use std::path::Path;

use airlock_types::{AdvisoryId, Ecosystem};
use airlock_version::{Version, VersionScheme};
use serde::Deserialize;

use super::collect::Collector;
use super::summary::SourceSummary;
use super::{archive, source_txt};
use crate::{Advisory, Affected, CvssVector, DbError, DistroState, PackageKey, Range, SourceInfo};

/// Releases kept: the LTS releases with container images.
pub(crate) const RELEASES: [&str; 6] = ["trusty", "xenial", "bionic", "focal", "jammy", "noble"];

/// How often (in files) progress is reported.
const PROGRESS_EVERY: u64 = 10_000;

/// One tracker file, reduced to what the snapshot uses.
#[derive(Debug, Deserialize)]
struct TrackerCve {
    candidate: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    ubuntu_description: Option<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    cvss: BTreeMap<String, String>,
    #[serde(default)]
    public_date: Option<String>,
    #[serde(default)]
    packages: BTreeMap<String, BTreeMap<String, TrackerEntry>>,
}

#[derive(Debug, Deserialize)]
struct TrackerEntry {
    status: String,
    #[serde(default)]
    note: Option<String>,
}

/// What one (release, package) status means for the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    /// Store this state with these ranges.
    Store(DistroState, Vec<Range>),
    /// Not affected (`not-affected`, `DNE`): counted, not stored.
    NotAffected,
}

/// Maps a tracker status to the snapshot's terms.
fn status(entry: &TrackerEntry) -> Result<Status, String> {
    match entry.status.as_str() {
        "released" => {
            let note = entry.note.as_deref().map(str::trim).unwrap_or_default();
            let fixed = Version::parse(VersionScheme::Dpkg, note)
                .map_err(|e| format!("released without a usable fixed version: {e}"))?;
            Ok(Status::Store(
                DistroState::Fixed,
                vec![Range { introduced: None, fixed: Some(fixed), last_affected: None }],
            ))
        }
        "needed" | "deferred" | "pending" | "needs-triage" => Ok(Status::Store(DistroState::Unfixed, Vec::new())),
        "ignored" => Ok(Status::Store(DistroState::WontFix, Vec::new())),
        "not-affected" | "DNE" => Ok(Status::NotAffected),
        other => Err(format!("unknown status {other:?}")),
    }
}

/// The vector of `cvss.nvd` (`" CVSS:3.1/AV:N/… [5.3 MEDIUM]"`).
fn nvd_vector(cvss: &BTreeMap<String, String>) -> Vec<CvssVector> {
    cvss.values()
        .filter_map(|text| text.split_whitespace().find(|w| w.starts_with("CVSS:3")))
        .take(1)
        .map(|v| CvssVector { vector: v.to_owned() })
        .collect()
}

/// Reads `ubuntu-cve-tracker-json.tar.zst` into the collector.
pub(crate) fn ingest(
    path: &Path,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
    progress: &mut dyn FnMut(&str),
) -> Result<(), DbError> {
    let (mut other_releases, mut not_affected) = (0, 0);
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if summary.files.is_multiple_of(PROGRESS_EVERY) {
            progress(&format!("ubuntu-cve-tracker: {} files", summary.files));
        }
        if file == "_source.txt" {
            return source_txt::apply(&String::from_utf8_lossy(bytes), info);
        }
        if !file.ends_with(".json") {
            return summary.ignore("files that are not tracker JSON", 1);
        }
        let cve: TrackerCve = match serde_json::from_slice(bytes) {
            Ok(c) => c,
            Err(e) => return summary.skip_record(file, &format!("invalid tracker JSON: {e}")),
        };
        if !cve.candidate.starts_with("CVE-") {
            return summary.skip_record(file, &format!("candidate {:?} is not a CVE id", cve.candidate));
        }
        summary.records += 1;
        let mut index = None;
        let urgency = cve.priority.clone().filter(|p| !p.is_empty());
        for (release, packages) in &cve.packages {
            if !RELEASES.contains(&release.as_str()) {
                other_releases += packages.len() as u64;
                continue;
            }
            for (name, entry) in packages {
                match status(entry) {
                    Err(reason) => summary.skip_entry(file, &format!("{release} {name}: {reason}")),
                    Ok(Status::NotAffected) => not_affected += 1,
                    Ok(Status::Store(state, ranges)) => {
                        let advisory = *index.get_or_insert_with(|| collector.advisory(advisory_of(&cve)));
                        let key = PackageKey { ecosystem: Ecosystem::ubuntu(release.as_str()), name: name.clone() };
                        collector.add(key, Affected { advisory, state, ranges, urgency: urgency.clone() });
                        summary.affected += 1;
                    }
                }
            }
        }
    })?;
    summary.ignore("entries of ESM/FIPS streams, upstream, devel and non-LTS releases", other_releases);
    summary.ignore("not-affected and DNE entries (counted, not stored)", not_affected);
    Ok(())
}

/// The advisory part of a tracker CVE.
fn advisory_of(cve: &TrackerCve) -> Advisory {
    let text = cve.ubuntu_description.as_deref().filter(|d| !d.trim().is_empty()).or(cve.description.as_deref());
    Advisory {
        id: AdvisoryId::new(&cve.candidate),
        aliases: Vec::new(),
        related: Vec::new(),
        summary: text.and_then(super::osv::one_line),
        published: cve.public_date.clone(),
        cvss: nvd_vector(&cve.cvss),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: &str, note: Option<&str>) -> TrackerEntry {
        TrackerEntry { status: status.into(), note: note.map(Into::into) }
    }

    #[test]
    fn statuses_map_to_states() {
        let Status::Store(state, ranges) = status(&entry("released", Some("3.0.2-0ubuntu1.12"))).unwrap() else {
            panic!("released is stored");
        };
        assert_eq!(state, DistroState::Fixed);
        assert_eq!(ranges[0].fixed.as_ref().map(Version::raw), Some("3.0.2-0ubuntu1.12"));
        for s in ["needed", "deferred", "pending", "needs-triage"] {
            assert_eq!(status(&entry(s, None)).unwrap(), Status::Store(DistroState::Unfixed, Vec::new()), "{s}");
        }
        assert_eq!(
            status(&entry("ignored", Some("end of standard support"))).unwrap(),
            Status::Store(DistroState::WontFix, Vec::new())
        );
        assert_eq!(status(&entry("not-affected", Some("code not present"))).unwrap(), Status::NotAffected);
        assert_eq!(status(&entry("DNE", None)).unwrap(), Status::NotAffected);
        assert!(status(&entry("released", None)).is_err());
        assert!(status(&entry("bogus", None)).is_err());
    }

    #[test]
    fn nvd_vectors() {
        let cvss = BTreeMap::from([(
            "nvd".to_owned(),
            " CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L [5.3 MEDIUM]".to_owned(),
        )]);
        assert_eq!(nvd_vector(&cvss)[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L");
    }
}
