//! Image metadata and reader options.

use std::fmt;
use std::str::FromStr;

use airlock_types::Digest;
use serde::{Deserialize, Serialize};

use crate::CollectedFiles;

/// The container format of the outer archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArchiveFormat {
    /// `docker save` (manifest.json).
    DockerArchive,
    /// OCI image layout (oci-layout, index.json, blobs/).
    OciLayout,
}

/// An OCI platform (`linux/amd64`, `linux/arm64/v8`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Platform {
    /// Operating system (`linux`).
    pub os: String,
    /// CPU architecture (`amd64`).
    pub architecture: String,
    /// Variant (`v8`), if any.
    pub variant: Option<String>,
}

impl Platform {
    /// `linux/amd64`, the default when an index holds several platforms.
    pub fn linux_amd64() -> Self {
        Self { os: "linux".into(), architecture: "amd64".into(), variant: None }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        Ok(())
    }
}

impl FromStr for Platform {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split('/').collect();
        match parts.as_slice() {
            [os, arch] if !os.is_empty() && !arch.is_empty() => {
                Ok(Self { os: (*os).into(), architecture: (*arch).into(), variant: None })
            }
            [os, arch, var] if !os.is_empty() && !arch.is_empty() && !var.is_empty() => {
                Ok(Self { os: (*os).into(), architecture: (*arch).into(), variant: Some((*var).into()) })
            }
            _ => Err(format!("invalid platform {s:?}: expected os/arch[/variant], e.g. linux/amd64")),
        }
    }
}

/// One layer of the selected image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerInfo {
    /// 0-based position.
    pub index: usize,
    /// Digest of the blob as stored (compressed), when the format gives one.
    pub digest: Option<Digest>,
    /// Digest of the uncompressed tar (the config's `rootfs.diff_ids` entry).
    pub diff_id: Digest,
    /// Media type as declared (may lie; the reader sniffs magic bytes).
    pub media_type: Option<String>,
    /// Bytes of the blob as stored.
    pub compressed_size: u64,
    /// Bytes of the uncompressed tar.
    pub uncompressed_size: u64,
    /// The history line that created the layer (`created_by`), if any.
    pub created_by: Option<String>,
}

/// The parts of the image config the pipeline uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageConfig {
    /// `config.User`.
    pub user: Option<String>,
    /// `config.Env`.
    pub env: Vec<String>,
    /// `config.Labels`, sorted by key.
    pub labels: Vec<(String, String)>,
    /// `created`.
    pub created: Option<String>,
    /// `config.ExposedPorts` keys (`22/tcp`), sorted.
    #[serde(default)]
    pub exposed_ports: Vec<String>,
    /// `config.Healthcheck.Test` (`["CMD", "curl", …]`, `["NONE"]`), when set.
    #[serde(default)]
    pub healthcheck: Option<Vec<String>>,
    /// Every history entry, empty layers included, oldest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}

/// One entry of the config's `history`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The build step (`/bin/sh -c #(nop) ADD …`, `RUN …`).
    pub created_by: Option<String>,
    /// Whether the step made no layer (ENV, LABEL, CMD, …).
    pub empty_layer: bool,
    /// The builder's comment (`buildkit.dockerfile.v0`), if any.
    pub comment: Option<String>,
}

/// Metadata of the image that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// The outer archive's format.
    pub format: ArchiveFormat,
    /// A reference for display: a `RepoTags` entry or the
    /// `org.opencontainers.image.ref.name` annotation, if any.
    pub reference: Option<String>,
    /// Digest of the image manifest, when known (OCI layouts always; docker
    /// archives only when they carry one).
    pub manifest_digest: Option<Digest>,
    /// Digest of the config blob (the image id).
    pub config_digest: Digest,
    /// The platform of the selected image.
    pub platform: Platform,
    /// Layers, bottom first.
    pub layers: Vec<LayerInfo>,
    /// The config fields Airlock uses.
    pub config: ImageConfig,
}

/// An image that was read: metadata and the wanted files.
#[derive(Debug, Clone)]
pub struct Image {
    /// Metadata.
    pub info: ImageInfo,
    /// The files the predicate selected, with their history.
    pub files: CollectedFiles,
}

/// Options for [`crate::read_image`].
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The platform to pick from a multi-platform index. `None`: the only
    /// platform, else `linux/amd64`.
    pub platform: Option<Platform>,
    /// Largest single wanted file kept in memory.
    pub max_file_size: u64,
    /// Largest total of wanted-file bytes kept in memory.
    pub max_total_kept: u64,
    /// Largest ratio of uncompressed to compressed layer bytes (decompression
    /// bomb guard), applied once a layer passes 1 GiB uncompressed.
    pub max_compression_ratio: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self { platform: None, max_file_size: 256 << 20, max_total_kept: 1 << 30, max_compression_ratio: 2000 }
    }
}

/// Progress of a read, reported as layers are walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Layers finished so far.
    pub layers_done: usize,
    /// Layers in the image (0 until the manifest is known).
    pub layers_total: usize,
    /// Bytes of the outer archive consumed so far.
    pub bytes_read: u64,
    /// Size of the outer archive, when known.
    pub bytes_total: Option<u64>,
}
