//! SBOM input and the auto-detecting entry point.

use std::io::{Read, Seek, SeekFrom};

use airlock_catalog::Inventory;
use airlock_db::Snapshot;
use airlock_image::Progress;
use airlock_report::{ImageSummary, OsEntry, Report};
use airlock_sbom::SbomInventory;

use crate::{AttestationUse, Error, ScanOptions};

/// What an input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// An image archive (docker save / OCI layout tar, maybe gzip).
    Image,
    /// An SBOM JSON document (or an in-toto attestation holding one).
    Sbom,
}

/// Sniffs the first bytes of `reader` (and rewinds it): a JSON object is an
/// SBOM, anything else is treated as an image archive.
pub fn detect_input<R: Read + Seek>(reader: &mut R) -> Result<InputKind, Error> {
    let start = reader.stream_position().map_err(Error::Io)?;
    let mut head = [0u8; 64];
    let mut filled = 0;
    while filled < head.len() {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::Io(e)),
        }
    }
    reader.seek(SeekFrom::Start(start)).map_err(Error::Io)?;
    Ok(if airlock_sbom::looks_like_json(&head[..filled]) { InputKind::Sbom } else { InputKind::Image })
}

/// Reads an SBOM document (at most [`airlock_sbom::MAX_SBOM_BYTES`]).
pub fn read_sbom<R: Read>(reader: R) -> Result<SbomInventory, Error> {
    let mut bytes = Vec::new();
    reader.take(airlock_sbom::MAX_SBOM_BYTES + 1).read_to_end(&mut bytes).map_err(Error::Io)?;
    if bytes.len() as u64 > airlock_sbom::MAX_SBOM_BYTES {
        return Err(Error::Sbom(airlock_sbom::SbomError::TooLarge(airlock_sbom::MAX_SBOM_BYTES)));
    }
    Ok(airlock_sbom::read_sbom(&bytes)?)
}

/// Builds the report of an SBOM's packages; without a snapshot it lists
/// packages only. Components that cannot be matched are listed in the notes.
pub fn sbom_report(sbom: &SbomInventory, snapshot: Option<&Snapshot>, options: &ScanOptions) -> Report {
    let inventory = Inventory { os: sbom.os.clone(), packages: sbom.packages.clone(), warnings: Vec::new() };
    let summary = ImageSummary {
        reference: sbom.subject.clone(),
        source: options.source.clone(),
        digest: sbom.digest.clone(),
        platform: None,
        os: sbom.os.as_ref().map(|os| OsEntry {
            id: os.id.clone(),
            version_id: os.version_id.clone(),
            pretty_name: os.pretty_name.clone(),
        }),
    };
    let mut report = crate::scan::report_inventory(summary, &inventory, snapshot, options);
    let format = sbom.format.map_or("SBOM", |f| f.as_str());
    let mut notes = vec![format!("scanned a {format} SBOM ({} components), not the image", sbom.component_count())];
    notes.extend(sbom.notes.iter().cloned());
    notes.extend(sbom.unknown.iter().map(|u| format!("not matched: {u}")));
    notes.append(&mut report.notes);
    report.notes = notes;
    report
}

/// Scans an SBOM document against `snapshot`.
pub fn scan_sbom<R: Read>(reader: R, snapshot: &Snapshot, options: &ScanOptions) -> Result<Report, Error> {
    let sbom = read_sbom(reader)?;
    Ok(sbom_report(&sbom, Some(snapshot), options))
}

/// Scans whatever `reader` holds — an image archive or an SBOM — against
/// `snapshot`. This is the one entry point the browser and WASI builds call.
pub fn scan_input<R: Read + Seek>(
    mut reader: R,
    snapshot: &Snapshot,
    options: &ScanOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Report, Error> {
    match detect_input(&mut reader)? {
        InputKind::Sbom => scan_sbom(reader, snapshot, options),
        InputKind::Image => match attested_sbom(&mut reader, options)? {
            Some(sbom) => Ok(sbom_report(&sbom, Some(snapshot), options)),
            None => crate::scan_image(reader, snapshot, options, progress),
        },
    }
}

/// The SBOM attestation of the selected platform in an OCI layout, when
/// [`AttestationUse::Prefer`] and there is one; the reader is rewound.
/// An archive the attestation finder cannot index (gzip-compressed, not a
/// layout) simply has none: the layer reader reports real problems.
fn attested_sbom<R: Read + Seek>(reader: &mut R, options: &ScanOptions) -> Result<Option<SbomInventory>, Error> {
    if options.sbom_attestations == AttestationUse::Ignore {
        return Ok(None);
    }
    let start = reader.stream_position().map_err(Error::Io)?;
    let found = airlock_image::find_sbom_attestations(&mut *reader).unwrap_or_default();
    reader.seek(SeekFrom::Start(start)).map_err(Error::Io)?;
    let wanted = options.platform.clone();
    let chosen = match wanted {
        Some(p) => found.iter().find(|a| a.platform.as_ref() == Some(&p)),
        None if found.len() == 1 => found.first(),
        None => found.iter().find(|a| a.platform.as_ref() == Some(&airlock_image::Platform::linux_amd64())),
    };
    let Some(attestation) = chosen else { return Ok(None) };
    let mut sbom = airlock_sbom::read_sbom(&attestation.statement)?;
    sbom.notes.insert(
        0,
        format!(
            "used the image's SBOM attestation ({}{}) instead of reading its layers; pass --sbom-attestations ignore to read the layers",
            attestation.predicate_type,
            attestation.subject.as_deref().map_or_else(String::new, |s| format!(" for {s}"))
        ),
    );
    if sbom.digest.is_none() {
        sbom.digest = attestation.subject.clone();
    }
    Ok(Some(sbom))
}

/// Lists the packages of whatever `reader` holds, without matching.
pub fn catalog_input<R: Read + Seek>(
    mut reader: R,
    options: &ScanOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Report, Error> {
    match detect_input(&mut reader)? {
        InputKind::Sbom => Ok(sbom_report(&read_sbom(reader)?, None, options)),
        InputKind::Image => match attested_sbom(&mut reader, options)? {
            Some(sbom) => Ok(sbom_report(&sbom, None, options)),
            None => {
                let scanned = crate::catalog_image(reader, options, progress)?;
                Ok(crate::report(&scanned, None, options))
            }
        },
    }
}
