//! Errors of the catalogers.

/// A package database that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A database file is malformed.
    #[error("{path}: {reason}")]
    Malformed {
        /// The file.
        path: String,
        /// What is wrong, with the line or record when known.
        reason: String,
    },
}
