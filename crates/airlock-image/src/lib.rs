//! Streaming reader for container images.
//!
//! Reads `docker save` archives and OCI image layouts packed as tar (the
//! outer tar may be gzip-compressed), picks a platform from multi-platform
//! indexes, then walks each layer once, in order (gzip, zstd or plain),
//! applying whiteouts, hardlinks and symlinks. Only the files a caller asks
//! for (through a path predicate) are kept in memory; every blob's sha256 is
//! checked against its digest.
//!
//! The entry point is [`read_image`]; its result is an [`Image`]: metadata
//! plus the [`CollectedFiles`] the predicate selected, with their history
//! layer by layer.

mod archive;
mod attest;
mod config;
mod docker;
mod entry;
mod error;
mod files;
mod gzseek;
mod layer;
mod model;
mod oci;
mod plan;
mod read;
mod sniff;
mod walker;

pub use attest::{SbomAttestation, find_sbom_attestations};
pub use entry::{EntryDecision, EntryMeta, EntryType};
pub use error::ImageError;
pub use files::{CollectedFiles, FileRef, Revision};
pub use model::{
    ArchiveFormat, HistoryEntry, Image, ImageConfig, ImageInfo, LayerInfo, Platform, Progress, ReadOptions,
};
pub use sniff::{HEAD_LEN, Sniffer};

use std::io::{Read, Seek, SeekFrom};

/// Reads an image archive, keeping the files for which `wanted` returns true.
///
/// The archive starts at offset 0 of `reader`. It is read in two passes: an
/// index of the outer tar (bodies skipped by seeking), then the config and
/// each layer in order. A gzip-compressed outer tar is accepted, at the cost
/// of decompressing it more than once (see the `gzseek` module).
///
/// `wanted` receives absolute, normalised paths (`/var/lib/dpkg/status`).
/// `progress` is called after each layer and about every 8 MiB within one.
pub fn read_image<R: Read + Seek>(
    reader: R,
    wanted: &dyn Fn(&str) -> bool,
    options: &ReadOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Image, ImageError> {
    read_image_with(reader, wanted, None, options, progress, &mut |_| EntryDecision::Default)
}

/// [`read_image`], also keeping the files `sniffer` picks by content
/// (executables, archives), reduced one at a time (see [`Sniffer`]).
pub fn read_image_sniffing<R: Read + Seek>(
    reader: R,
    wanted: &dyn Fn(&str) -> bool,
    sniffer: Option<&dyn Sniffer>,
    options: &ReadOptions,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Image, ImageError> {
    read_image_with(reader, wanted, sniffer, options, progress, &mut |_| EntryDecision::Default)
}

/// [`read_image`], also handing every layer entry's metadata (path, type,
/// mode bits, owner, size — never the body) to `observe` as it streams past.
/// The observer may veto keeping a wanted body ([`EntryDecision::SkipBody`]),
/// e.g. to cap the size of files it asked for.
pub fn read_image_observed<R: Read + Seek>(
    reader: R,
    wanted: &dyn Fn(&str) -> bool,
    options: &ReadOptions,
    progress: &mut dyn FnMut(&Progress),
    observe: &mut dyn FnMut(&EntryMeta<'_>) -> EntryDecision,
) -> Result<Image, ImageError> {
    read_image_with(reader, wanted, None, options, progress, observe)
}

/// The reader with every option: a content `sniffer` (see
/// [`read_image_sniffing`]) and an entry observer (see [`read_image_observed`]).
pub fn read_image_with<R: Read + Seek>(
    mut reader: R,
    wanted: &dyn Fn(&str) -> bool,
    sniffer: Option<&dyn Sniffer>,
    options: &ReadOptions,
    progress: &mut dyn FnMut(&Progress),
    observe: &mut dyn FnMut(&EntryMeta<'_>) -> EntryDecision,
) -> Result<Image, ImageError> {
    reader.seek(SeekFrom::Start(0))?;
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < magic.len() {
        match reader.read(magic.get_mut(got..).unwrap_or_default())? {
            0 => break,
            n => got += n,
        }
    }
    if got == magic.len() && magic == [0x1f, 0x8b] {
        let gz = gzseek::GzSeek::new(reader)?;
        return read::read_tar(gz, None, wanted, sniffer, options, progress, observe);
    }
    let len = reader.seek(SeekFrom::End(0))?;
    reader.seek(SeekFrom::Start(0))?;
    read::read_tar(reader, Some(len), wanted, sniffer, options, progress, observe)
}
