//! Errors of the snapshot codec and builder.

/// What can go wrong loading or building a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bytes are not an Airlock snapshot.
    #[error(
        "not an Airlock advisory snapshot (bad magic); build one with `airlock db build --from ../shared/advisories --out <file>`"
    )]
    BadMagic,
    /// The snapshot was written by another format version.
    #[error(
        "snapshot format version {found} is not supported (this build reads version {expected}); rebuild it with `airlock db build`"
    )]
    UnsupportedVersion {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The snapshot body does not decode.
    #[error("snapshot is corrupt ({0}); rebuild it with `airlock db build`")]
    Corrupt(String),
    /// An advisory archive could not be read at all.
    #[error("advisory archive {path}: {reason}")]
    Archive {
        /// The archive.
        path: String,
        /// What is wrong.
        reason: String,
    },
}
