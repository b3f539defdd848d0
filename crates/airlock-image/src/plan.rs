//! What to read: the blobs of the selected image, whatever the archive format.

use airlock_types::Digest;

use crate::{ArchiveFormat, ImageError, Platform};

/// A blob in the outer archive and the digest it must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlobRef {
    /// Entry name in the outer tar.
    pub(crate) entry: String,
    /// The digest the stored bytes must hash to, when the format says.
    pub(crate) digest: Option<Digest>,
    /// Declared media type, if any.
    pub(crate) media_type: Option<String>,
}

impl BlobRef {
    /// A name for messages: the digest when known, else the entry name.
    pub(crate) fn label(&self) -> String {
        self.digest.as_ref().map_or_else(|| self.entry.clone(), Digest::to_string)
    }
}

/// The selected image: its config and layers, bottom first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) format: ArchiveFormat,
    pub(crate) reference: Option<String>,
    pub(crate) manifest_digest: Option<Digest>,
    /// The platform the index declared for the selected manifest.
    pub(crate) declared_platform: Option<Platform>,
    pub(crate) config: BlobRef,
    pub(crate) layers: Vec<BlobRef>,
}

/// The entry name of a blob in an OCI layout (`blobs/sha256/<hex>`).
pub(crate) fn blob_entry(digest: &Digest) -> String {
    format!("blobs/sha256/{}", digest.hex())
}

/// Parses a digest found in `document`.
pub(crate) fn parse_digest(s: &str, document: &str) -> Result<Digest, ImageError> {
    s.parse().map_err(|e: airlock_types::DigestError| ImageError::InvalidDocument {
        document: document.to_owned(),
        reason: e.to_string(),
    })
}

/// Parses JSON `bytes` of `document`.
pub(crate) fn parse_json<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8], document: &str) -> Result<T, ImageError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ImageError::InvalidDocument { document: document.to_owned(), reason: e.to_string() })
}
