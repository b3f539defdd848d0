//! The crate's error type.

/// Errors of the audit crate: unreadable inputs and bad policy files.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The file is not YAML/JSON.
    #[error("{file}: not valid YAML or JSON: {reason}")]
    Syntax {
        /// The file.
        file: String,
        /// The parser's message (with line and column).
        reason: String,
    },
    /// The file parsed but is none of the formats `airlock audit` reads.
    #[error("{file}: not a `docker container inspect` output, a Compose file or a Kubernetes manifest ({reason})")]
    UnknownFormat {
        /// The file.
        file: String,
        /// What was found instead.
        reason: String,
    },
    /// The policy file is not valid.
    #[error("{file}: invalid policy file: {reason}")]
    Policy {
        /// The file.
        file: String,
        /// What is wrong.
        reason: String,
    },
}
