//! Errors of the image reader.

/// Everything that can go wrong reading an image. Messages name the blob or
/// entry and say what is wrong with it.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Reading the input failed.
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
    /// The input is not a docker-save archive or OCI layout.
    #[error("not a container image archive: {reason}")]
    NotAnImage {
        /// What was missing or wrong.
        reason: String,
    },
    /// The archive ended in the middle of an entry or block.
    #[error("archive is truncated: {detail}")]
    Truncated {
        /// Where it ended.
        detail: String,
    },
    /// A blob's content does not hash to its digest.
    #[error("digest mismatch for blob {name}: expected {expected}, content hashes to {actual}")]
    DigestMismatch {
        /// Entry name or digest of the blob.
        name: String,
        /// The digest the manifest/config promised.
        expected: String,
        /// The digest of the bytes actually read.
        actual: String,
    },
    /// A manifest, index or config JSON document is malformed.
    #[error("invalid {document}: {reason}")]
    InvalidDocument {
        /// Which document (`manifest.json`, `index.json`, blob digest).
        document: String,
        /// What is wrong.
        reason: String,
    },
    /// A blob the manifest references is not in the archive.
    #[error("blob {0} is referenced by the manifest but missing from the archive")]
    MissingBlob(String),
    /// A layer could not be decompressed or is not a tar.
    #[error("layer {layer} is unreadable: {reason}")]
    BadLayer {
        /// Layer digest or entry name.
        layer: String,
        /// What is wrong.
        reason: String,
    },
    /// The requested platform is not in the image index.
    #[error("platform {wanted} not found; the image has: {available}")]
    PlatformNotFound {
        /// The requested platform.
        wanted: String,
        /// The platforms in the index, comma-separated.
        available: String,
    },
    /// Several platforms and no way to choose between them.
    #[error("the image index holds several platforms ({available}); choose one with --platform")]
    AmbiguousPlatform {
        /// The platforms in the index, comma-separated.
        available: String,
    },
    /// A limit that protects memory or time was exceeded.
    #[error("limit exceeded: {0}")]
    LimitExceeded(String),
}
