//! Pass 2: reading the selected image's config and layers, in order.

use std::io::{self, Read, Seek, SeekFrom};

use airlock_types::Digest;

use crate::archive::{EntryLoc, OuterIndex, Tracked, read_entry};
use crate::config::{self, ParsedConfig};
use crate::layer::{BlobReader, BlobStats, Decoder, HashingReader, RATIO_GUARD_FLOOR, RatioGuard};
use crate::plan::{BlobRef, Plan, blob_entry};
use crate::walker::{EntryKind, Limits, Walker, clean_path};
use crate::{
    EntryDecision, EntryMeta, EntryType, Image, ImageError, ImageInfo, LayerInfo, Platform, Progress, ReadOptions,
    Sniffer, docker, oci,
};

/// Progress is reported at least this often (stored bytes) within a layer.
const PROGRESS_STEP: u64 = 8 << 20;

/// Reads an image from a seekable, uncompressed tar stream.
pub(crate) fn read_tar<S: Read + Seek>(
    src: S,
    total_len: Option<u64>,
    wanted: &dyn Fn(&str) -> bool,
    sniffer: Option<&dyn Sniffer>,
    options: &ReadOptions,
    progress: &mut dyn FnMut(&Progress),
    observe: &mut dyn FnMut(&EntryMeta<'_>) -> EntryDecision,
) -> Result<Image, ImageError> {
    let mut src = Tracked::new(src);
    let index = OuterIndex::build(&mut src, total_len)?;
    let plan = make_plan(&mut src, &index, options.platform.as_ref())?;

    let config_loc = index.locate(&plan.config.entry).ok_or_else(|| index.missing(&plan.config.label()))?;
    let config_bytes = read_entry(&mut src, config_loc, &plan.config.entry)?;
    let config_digest = verify(&config_bytes, &plan.config, "image config")?;
    let parsed = config::parse(&config_bytes, &config_digest.to_string())?;
    let platform = check_platform(&plan, &parsed, options.platform.as_ref())?;
    if parsed.diff_ids.len() != plan.layers.len() {
        return Err(ImageError::InvalidDocument {
            document: format!("image config {config_digest}"),
            reason: format!("{} diff_ids for {} layers", parsed.diff_ids.len(), plan.layers.len()),
        });
    }

    let limits = Limits { max_file_size: options.max_file_size, max_total_kept: options.max_total_kept };
    let mut walker = Walker::new(wanted, limits).with_sniffer(sniffer);
    let total = plan.layers.len();
    let mut layers = Vec::with_capacity(total);
    for (i, (blob, diff_id)) in plan.layers.iter().zip(&parsed.diff_ids).enumerate() {
        let loc = index.locate(&blob.entry).ok_or_else(|| index.missing(&blob.label()))?;
        let base = src.bytes_read();
        let mut report = |stored: u64| {
            progress(&Progress {
                layers_done: i,
                layers_total: total,
                bytes_read: base + stored,
                bytes_total: total_len,
            })
        };
        let outcome =
            walk_layer(&mut src, loc, blob, i, options.max_compression_ratio, &mut walker, &mut report, observe)?;
        if let Some(expected) = &blob.digest
            && expected != &outcome.stored_digest
        {
            return Err(mismatch(format!("layer {i} ({})", blob.entry), expected, &outcome.stored_digest));
        }
        if diff_id != &outcome.diff_id {
            return Err(mismatch(format!("layer {i} ({}), uncompressed", blob.label()), diff_id, &outcome.diff_id));
        }
        layers.push(LayerInfo {
            index: i,
            digest: Some(outcome.stored_digest),
            diff_id: outcome.diff_id,
            media_type: blob.media_type.clone(),
            compressed_size: loc.size,
            uncompressed_size: outcome.uncompressed_size,
            created_by: parsed.created_by.get(i).cloned().flatten(),
        });
        progress(&Progress {
            layers_done: i + 1,
            layers_total: total,
            bytes_read: src.bytes_read(),
            bytes_total: total_len,
        });
    }
    let info = ImageInfo {
        format: plan.format,
        reference: plan.reference,
        manifest_digest: plan.manifest_digest,
        config_digest,
        platform,
        layers,
        config: parsed.config,
    };
    Ok(Image { info, files: walker.finish() })
}

fn make_plan<S: Read + Seek>(
    src: &mut Tracked<S>,
    index: &OuterIndex,
    platform: Option<&Platform>,
) -> Result<Plan, ImageError> {
    if let Some(manifest) = index.document("manifest.json") {
        return docker::plan(manifest);
    }
    if let Some(index_json) = index.document("index.json") {
        let mut fetch = |digest: &Digest| {
            let entry = blob_entry(digest);
            let loc = index.locate(&entry).ok_or_else(|| index.missing(&digest.to_string()))?;
            let bytes = read_entry(src, loc, &entry)?;
            let blob = BlobRef { entry, digest: Some(digest.clone()), media_type: None };
            verify(&bytes, &blob, "manifest")?;
            Ok(bytes)
        };
        return oci::plan(index_json, platform, &mut fetch);
    }
    if !index.complete {
        return Err(index.missing("manifest.json or index.json"));
    }
    Err(ImageError::NotAnImage {
        reason: "the tar has neither manifest.json (docker save) nor index.json (OCI layout) at its root".into(),
    })
}

/// The sha256 of `bytes`, checked against the blob's digest when known.
fn verify(bytes: &[u8], blob: &BlobRef, what: &str) -> Result<Digest, ImageError> {
    use sha2::Digest as _;
    let hash: [u8; 32] = sha2::Sha256::digest(bytes).into();
    let actual = Digest::from_sha256_bytes(&hash);
    match &blob.digest {
        Some(expected) if expected != &actual => Err(mismatch(format!("{what} {}", blob.entry), expected, &actual)),
        _ => Ok(actual),
    }
}

fn mismatch(name: String, expected: &Digest, actual: &Digest) -> ImageError {
    ImageError::DigestMismatch { name, expected: expected.to_string(), actual: actual.to_string() }
}

/// The image's platform (from the config, else the index), checked against
/// the request when the index could not check it.
fn check_platform(plan: &Plan, parsed: &ParsedConfig, wanted: Option<&Platform>) -> Result<Platform, ImageError> {
    let platform = parsed.platform.clone().or_else(|| plan.declared_platform.clone()).unwrap_or_else(|| Platform {
        os: "unknown".into(),
        architecture: "unknown".into(),
        variant: None,
    });
    if let Some(want) = wanted
        && plan.declared_platform.is_none()
        && (want.os != platform.os
            || want.architecture != platform.architecture
            || (want.variant.is_some() && want.variant != platform.variant))
    {
        return Err(ImageError::PlatformNotFound { wanted: want.to_string(), available: platform.to_string() });
    }
    Ok(platform)
}

/// Hashes and sizes measured while walking a layer.
struct LayerOutcome {
    stored_digest: Digest,
    diff_id: Digest,
    uncompressed_size: u64,
}

/// Streams one layer blob through hashing, decompression and the walker.
#[allow(clippy::too_many_arguments, reason = "internal plumbing of one layer walk")]
fn walk_layer<S: Read + Seek>(
    src: &mut S,
    loc: EntryLoc,
    blob: &BlobRef,
    layer: usize,
    max_ratio: u64,
    walker: &mut Walker<'_>,
    report: &mut dyn FnMut(u64),
    observe: &mut dyn FnMut(&EntryMeta<'_>) -> EntryDecision,
) -> Result<LayerOutcome, ImageError> {
    src.seek(SeekFrom::Start(loc.offset))?;
    let stats = BlobStats::default();
    let label = blob.label();
    let stored = HashingReader::new(BlobReader::new(&mut *src, loc.size, &stats));
    let (decoder, _) = Decoder::sniff(stored).map_err(|e| layer_error(e, &stats, &label, None))?;
    let mut plain = HashingReader::new(RatioGuard::new(decoder, max_ratio, RATIO_GUARD_FLOOR, &stats));
    walk_entries(&mut plain, layer, walker, &stats, &label, report, observe)?;
    io::copy(&mut plain, &mut io::sink()).map_err(|e| layer_error(e, &stats, &label, Some("after the tar end")))?;
    let (diff_id, uncompressed_size, guard) = plain.finish();
    let mut stored = guard.into_inner().into_stored();
    io::copy(&mut stored, &mut io::sink()).map_err(|e| layer_error(e, &stats, &label, Some("after the tar end")))?;
    let (stored_digest, _, _) = stored.finish();
    Ok(LayerOutcome { stored_digest, diff_id, uncompressed_size })
}

fn walk_entries(
    plain: &mut dyn Read,
    layer: usize,
    walker: &mut Walker<'_>,
    stats: &BlobStats,
    label: &str,
    report: &mut dyn FnMut(u64),
    observe: &mut dyn FnMut(&EntryMeta<'_>) -> EntryDecision,
) -> Result<(), ImageError> {
    let mut archive = tar::Archive::new(plain);
    let entries = archive.entries().map_err(|e| layer_error(e, stats, label, None))?;
    let mut last: Option<String> = None;
    let mut next_report = PROGRESS_STEP;
    for entry in entries {
        let mut entry = entry.map_err(|e| layer_error(e, stats, label, last.as_deref()))?;
        let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let link = || entry.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned()).unwrap_or_default();
        let kind = match entry.header().entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => EntryKind::File,
            tar::EntryType::Directory => EntryKind::Directory,
            tar::EntryType::Symlink => EntryKind::Symlink(link()),
            tar::EntryType::Link => EntryKind::Hardlink(link()),
            tar::EntryType::XGlobalHeader
            | tar::EntryType::XHeader
            | tar::EntryType::GNULongName
            | tar::EntryType::GNULongLink => continue,
            _ => EntryKind::Other,
        };
        let size = entry.size();
        let header_mode = entry.header().mode().unwrap_or(0);
        let decision = match clean_path(&path) {
            Some(clean) => {
                let header = entry.header();
                observe(&EntryMeta {
                    layer,
                    path: &clean,
                    kind: entry_type(&kind),
                    mode: header.mode().unwrap_or(0),
                    uid: header.uid().unwrap_or(0),
                    gid: header.gid().unwrap_or(0),
                    size,
                })
            }
            None => EntryDecision::Default,
        };
        let keep_body = decision == EntryDecision::Default;
        match walker.apply_with(layer, &path, kind, size, header_mode, &mut entry, keep_body) {
            Ok(()) => {}
            Err(ImageError::Io(e)) => return Err(layer_error(e, stats, label, Some(&path))),
            Err(e) => return Err(e),
        }
        if stats.stored.get() >= next_report {
            report(stats.stored.get());
            next_report = stats.stored.get() + PROGRESS_STEP;
        }
        last = Some(path);
    }
    Ok(())
}

fn entry_type(kind: &EntryKind) -> EntryType {
    match kind {
        EntryKind::File => EntryType::File,
        EntryKind::Directory => EntryType::Directory,
        EntryKind::Symlink(_) => EntryType::Symlink,
        EntryKind::Hardlink(_) => EntryType::Hardlink,
        EntryKind::Other => EntryType::Other,
    }
}

/// Attributes an I/O error inside a layer to truncation, the ratio guard or a
/// bad layer.
fn layer_error(e: io::Error, stats: &BlobStats, label: &str, entry: Option<&str>) -> ImageError {
    let at = entry.map_or_else(String::new, |p| format!(" at entry {p}"));
    if stats.truncated.get() {
        ImageError::Truncated { detail: format!("layer blob {label} ends early{at}") }
    } else if stats.bomb.get() {
        ImageError::LimitExceeded(format!("layer {label} decompresses beyond the allowed ratio{at}"))
    } else {
        // Tar errors quote raw header bytes; escape them so the message stays one printable line.
        let reason = e.to_string().escape_debug().to_string();
        ImageError::BadLayer { layer: label.to_owned(), reason: format!("not a readable tar layer: {reason}{at}") }
    }
}
