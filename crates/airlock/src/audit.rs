//! Scan and configuration audit of an image in one read, and the inputs the
//! policies need from the snapshot.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek};

use airlock_audit::AuditReport;
use airlock_audit::image::{EntryAudit, ImageAuditOptions};
use airlock_db::Snapshot;
use airlock_image::Progress;
use airlock_report::Report;

use crate::{Error, ScanOptions};

/// The scan report (packages, and vulnerabilities when a snapshot is given)
/// and the image configuration audit of one image.
#[derive(Debug, Clone)]
pub struct ScanAndAudit {
    /// The vulnerability report (as [`crate::scan_image`] gives it).
    pub report: Report,
    /// The configuration audit (as `airlock_audit::image::audit_image` gives it).
    pub audit: AuditReport,
}

/// Reads an image once: catalogs and matches it (with a snapshot) and runs
/// the image configuration checks on its config, history and layer entries.
pub fn scan_and_audit_image<R: Read + Seek>(
    reader: R,
    snapshot: Option<&Snapshot>,
    options: &ScanOptions,
    audit_options: &ImageAuditOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ScanAndAudit, Error> {
    let mut entries = EntryAudit::default();
    let image = crate::scan::read_for_scan(reader, options, &airlock_audit::image::wants, progress, &mut |e| {
        entries.observe(e)
    })?;
    let subject = options.source.clone().or_else(|| image.info.reference.clone()).unwrap_or_else(|| "image".into());
    let audit = airlock_audit::image::audit_image(&subject, &image.info, &image.files, &entries, audit_options);
    let scanned = crate::scan::scanned_from(image)?;
    Ok(ScanAndAudit { report: crate::report(&scanned, snapshot, options), audit })
}

/// Publication date by advisory id and alias, for the grace period of the
/// vulnerability policy.
pub fn published_dates(snapshot: &Snapshot) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for a in &snapshot.advisories {
        if let Some(date) = &a.published {
            for id in std::iter::once(&a.id).chain(&a.aliases) {
                out.entry(id.to_string()).or_insert_with(|| date.clone());
            }
        }
    }
    out
}

/// The snapshot's known-exploited list: `None` while snapshots carry none.
pub fn known_exploited(_snapshot: &Snapshot) -> Option<BTreeSet<String>> {
    None
}
