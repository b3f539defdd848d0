//! The scan pipeline: read → catalog → match → report.

use std::io::{Read, Seek};

use airlock_catalog::Inventory;
use airlock_db::Snapshot;
use airlock_image::{EntryDecision, EntryMeta, Image, ImageInfo, Platform, Progress, ReadOptions};
use airlock_report::{ImageSummary, OsEntry, Report};

use crate::Error;

/// Options of a scan.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Platform to pick from a multi-platform image (default: the only one, else linux/amd64).
    pub platform: Option<Platform>,
    /// What the user gave to scan (a file path or name), shown beside or
    /// instead of the image's own reference.
    pub source: Option<String>,
    /// Also report informational advisories (RustSec unmaintained, unsound,
    /// notices), which are not vulnerabilities.
    pub include_informational: bool,
    /// Whether [`crate::scan_input`] uses an SBOM attestation found in an
    /// OCI layout instead of reading the layers.
    pub sbom_attestations: AttestationUse,
}

/// What to do with SBOM attestations (BuildKit attestation manifests) in an
/// OCI layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AttestationUse {
    /// Scan the attested SBOM of the selected platform when there is one
    /// (no layer is read); else read the layers.
    #[default]
    Prefer,
    /// Always read the layers.
    Ignore,
}

/// An image's metadata and catalogued contents, before matching.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// Image metadata.
    pub info: ImageInfo,
    /// OS and packages.
    pub inventory: Inventory,
    /// VEX documents found inside the image (`*.vex.json`): (path, bytes).
    pub vex_documents: Vec<(String, Vec<u8>)>,
}

/// Reads an image and catalogs its packages (no advisories needed).
pub fn catalog_image<R: Read + Seek>(
    reader: R,
    options: &ScanOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Scanned, Error> {
    let image = read_for_scan(reader, options, &|_| false, progress, &mut |_| EntryDecision::Default)?;
    scanned_from(image)
}

/// Reads an image once for a scan: the files the catalogers and the VEX
/// reader want, plus `also_wanted`, with the content sniffer on and every
/// entry's metadata handed to `observe`.
pub(crate) fn read_for_scan<R: Read + Seek>(
    reader: R,
    options: &ScanOptions,
    also_wanted: &dyn Fn(&str) -> bool,
    progress: &mut dyn FnMut(&Progress),
    observe: &mut dyn FnMut(&EntryMeta<'_>) -> EntryDecision,
) -> Result<Image, Error> {
    let read_options = ReadOptions { platform: options.platform.clone(), ..ReadOptions::default() };
    let wants = |path: &str| airlock_catalog::wants(path) || airlock_vex::wants(path) || also_wanted(path);
    let sniffer = airlock_catalog::sniffer();
    Ok(airlock_image::read_image_with(reader, &wants, Some(&sniffer), &read_options, progress, observe)?)
}

/// Catalogs the files of an image read by [`read_for_scan`].
pub(crate) fn scanned_from(image: Image) -> Result<Scanned, Error> {
    let inventory = airlock_catalog::catalog(&image.files, &image.info.layers)?;
    let vex_documents = image
        .files
        .iter()
        .filter(|f| airlock_vex::wants(f.path))
        .map(|f| (f.path.to_owned(), f.content.to_vec()))
        .collect();
    Ok(Scanned { info: image.info, inventory, vex_documents })
}

/// Reads an image, catalogs it and matches it against `snapshot`.
pub fn scan_image<R: Read + Seek>(
    reader: R,
    snapshot: &Snapshot,
    options: &ScanOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Report, Error> {
    let scanned = catalog_image(reader, options, progress)?;
    Ok(report(&scanned, Some(snapshot), options))
}

/// Builds the report of a catalogued image; without a snapshot it lists
/// packages only.
///
/// VEX documents found inside the image are applied; one that cannot be
/// read is named in the notes.
pub fn report(scanned: &Scanned, snapshot: Option<&Snapshot>, options: &ScanOptions) -> Report {
    let mut report = report_inventory(image_summary(scanned, options), &scanned.inventory, snapshot, options);
    let mut statements = Vec::new();
    for (path, bytes) in &scanned.vex_documents {
        match airlock_vex::parse_vex(bytes, &format!("image:{path}")) {
            Ok(found) => statements.extend(found),
            Err(e) => report.notes.push(format!("VEX document in the image skipped: {e}")),
        }
    }
    airlock_vex::apply(&mut report, &statements, None);
    report
}

/// Matches an inventory (from an image or an SBOM) and builds its report.
pub(crate) fn report_inventory(
    summary: ImageSummary,
    inventory: &Inventory,
    snapshot: Option<&Snapshot>,
    options: &ScanOptions,
) -> Report {
    let (findings, match_notes) = match snapshot {
        Some(snapshot) => {
            let language = airlock_match::LanguageOptions { include_informational: options.include_informational };
            let outcome =
                airlock_match::match_packages_with(&inventory.packages, inventory.os.as_ref(), snapshot, language);
            (outcome.findings, outcome.notes)
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut report = Report::new(summary, &inventory.packages, &findings);
    report.notes = inventory.warnings.iter().cloned().chain(match_notes).collect();
    report
}

fn image_summary(scanned: &Scanned, options: &ScanOptions) -> ImageSummary {
    let info = &scanned.info;
    ImageSummary {
        reference: info.reference.clone(),
        source: options.source.clone(),
        digest: Some(info.manifest_digest.as_ref().unwrap_or(&info.config_digest).to_string()),
        platform: Some(info.platform.to_string()),
        os: scanned.inventory.os.as_ref().map(|os| OsEntry {
            id: os.id.clone(),
            version_id: os.version_id.clone(),
            pretty_name: os.pretty_name.clone(),
        }),
    }
}
