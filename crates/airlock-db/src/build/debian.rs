//! The Debian OSV archive (`CVE/`, `DSA/`, `DLA/`, `DTSA/` JSON records).
//!
//! CVE records are the tracker's per-CVE view for current releases. A
//! DSA/DLA/DTSA entry for a package whose every related CVE already has a
//! CVE-record entry for the same package and release is left out: it would
//! report the same fix twice. The CVE records list those DSA/DLA ids in
//! `related`, so nothing is lost.

use std::collections::HashSet;
use std::path::Path;

use airlock_types::EcosystemKind;

use super::collect::Collector;
use super::osv::{self, Converted};
use super::summary::SourceSummary;
use super::{archive, source_txt};
use crate::{Affected, DbError, PackageKey, SourceInfo};

/// How often (in files) progress is reported.
const PROGRESS_EVERY: u64 = 5000;

/// A DSA/DLA/DTSA entry waiting for the CVE records to be read.
struct Pending {
    advisory: u32,
    entry: Converted,
    cves: Vec<String>,
}

/// Reads `debian-osv.tar.zst` into the collector.
pub(crate) fn ingest(
    path: &Path,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
    progress: &mut dyn FnMut(&str),
) -> Result<(), DbError> {
    let mut covered: HashSet<(PackageKey, String)> = HashSet::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut other_ecosystems = 0;
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if summary.files.is_multiple_of(PROGRESS_EVERY) {
            progress(&format!("debian-osv: {} files", summary.files));
        }
        if file == "_source.txt" {
            return source_txt::apply(&String::from_utf8_lossy(bytes), info);
        }
        let is_cve = file.starts_with("CVE/");
        let is_notice = ["DSA/", "DLA/", "DTSA/"].iter().any(|p| file.starts_with(p));
        if !(is_cve || is_notice) || !file.ends_with(".json") {
            return summary.ignore("files outside CVE/, DSA/, DLA/, DTSA/", 1);
        }
        let record = match osv::parse(bytes) {
            Ok(r) => r,
            Err(reason) => return summary.skip_record(file, &reason),
        };
        summary.records += 1;
        let advisory = collector.advisory(record.advisory());
        let cves: Vec<String> = record.related_cves().into_iter().map(str::to_owned).collect();
        for affected in &record.affected {
            match affected.convert(EcosystemKind::Debian) {
                Err(reason) => summary.skip_entry(file, &reason),
                Ok(None) => other_ecosystems += 1,
                Ok(Some(entry)) if is_cve => {
                    covered.insert((entry.key.clone(), record.id.clone()));
                    summary.affected += 1;
                    add(collector, advisory, entry);
                }
                Ok(Some(entry)) => pending.push(Pending { advisory, entry, cves: cves.clone() }),
            }
        }
    })?;
    let mut superseded = 0;
    for p in pending {
        let all_covered =
            !p.cves.is_empty() && p.cves.iter().all(|cve| covered.contains(&(p.entry.key.clone(), cve.clone())));
        if all_covered {
            superseded += 1;
        } else {
            summary.affected += 1;
            add(collector, p.advisory, p.entry);
        }
    }
    summary.ignore("non-Debian affected entries (Alpine, GIT) in Debian records", other_ecosystems);
    summary.ignore("DSA/DLA/DTSA entries whose CVEs all have CVE-record entries for the same package", superseded);
    Ok(())
}

fn add(collector: &mut Collector, advisory: u32, entry: Converted) {
    let Converted { key, state, ranges, urgency } = entry;
    collector.add(key, Affected { advisory, state, ranges, urgency });
}
