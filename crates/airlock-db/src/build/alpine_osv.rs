//! The Alpine OSV archive, used only to enrich advisories already in the
//! snapshot (CVSS vectors, summary, date) — the secdb gives Alpine's ranges.

use std::path::Path;

use super::collect::Collector;
use super::summary::SourceSummary;
use super::{archive, osv, source_txt};
use crate::{DbError, SourceInfo};

/// Reads `alpine-osv.tar.zst`, merging record fields into known advisories.
pub(crate) fn enrich(
    path: &Path,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
) -> Result<(), DbError> {
    let mut unknown = 0;
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if file == "_source.txt" {
            return source_txt::apply(&String::from_utf8_lossy(bytes), info);
        }
        if !file.ends_with(".json") {
            return summary.ignore("files that are not JSON", 1);
        }
        let record = match osv::parse(bytes) {
            Ok(r) => r,
            Err(reason) => return summary.skip_record(file, &reason),
        };
        if collector.contains(&record.id) {
            summary.records += 1;
            collector.advisory(record.advisory());
        } else {
            unknown += 1;
        }
    })?;
    summary.ignore("records for ids no other source has (nothing to enrich)", unknown);
    Ok(())
}
