//! The Debian OSV archive (`CVE/`, `DSA/`, `DLA/`, `DTSA/` JSON records).
//!
//! Every `Debian:*` affected entry is kept, DSA/DLA/DTSA ones included even
//! when a CVE record repeats the same fix: the matcher groups records by CVE
//! and turns the notice ids into aliases of the finding.

use std::path::Path;

use airlock_types::EcosystemKind;

use super::collect::Collector;
use super::osv::{self, Converted};
use super::summary::SourceSummary;
use super::{archive, source_txt};
use crate::{Affected, DbError, SourceInfo};

/// How often (in files) progress is reported.
const PROGRESS_EVERY: u64 = 5000;

/// Folders holding OSV records.
const RECORD_FOLDERS: [&str; 4] = ["CVE/", "DSA/", "DLA/", "DTSA/"];

/// Reads `debian-osv.tar.zst` into the collector.
pub(crate) fn ingest(
    path: &Path,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
    progress: &mut dyn FnMut(&str),
) -> Result<(), DbError> {
    let mut other_ecosystems = 0;
    let mut merged = 0;
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if summary.files.is_multiple_of(PROGRESS_EVERY) {
            progress(&format!("debian-osv: {} files", summary.files));
        }
        if file == "_source.txt" {
            return source_txt::apply(&String::from_utf8_lossy(bytes), info);
        }
        if !RECORD_FOLDERS.iter().any(|p| file.starts_with(p)) || !file.ends_with(".json") {
            return summary.ignore("files outside CVE/, DSA/, DLA/, DTSA/", 1);
        }
        let record = match osv::parse(bytes) {
            Ok(r) => r,
            Err(reason) => return summary.skip_record(file, &reason),
        };
        summary.records += 1;
        let advisory = collector.advisory(record.advisory());
        for affected in &record.affected {
            match affected.convert(EcosystemKind::Debian) {
                Err(reason) => summary.skip_entry(file, &reason),
                Ok(None) => other_ecosystems += 1,
                Ok(Some(Converted { key, state, ranges, urgency })) => {
                    if collector.add(key, Affected { advisory, state, ranges, urgency }) {
                        merged += 1;
                    } else {
                        summary.affected += 1;
                    }
                }
            }
        }
    })?;
    summary.ignore("non-Debian affected entries (Alpine, GIT) in Debian records", other_ecosystems);
    summary.ignore("entries repeating a package in the same record (merged)", merged);
    Ok(())
}
