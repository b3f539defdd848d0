//! The SBOM reader's error type.

/// Why an SBOM document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SbomError {
    /// Not JSON at all.
    #[error("not a JSON document: {0}")]
    Json(String),
    /// JSON, but none of the supported SBOM formats.
    #[error(
        "not a container image archive nor a supported SBOM: JSON input must be SPDX 2.x, CycloneDX 1.4-1.6, syft JSON or an in-toto attestation holding one"
    )]
    UnknownFormat,
    /// An in-toto envelope or statement that could not be opened.
    #[error("in-toto attestation: {0}")]
    Attestation(String),
    /// A required part of the document is missing or of the wrong type.
    #[error("{format}: {problem}")]
    Malformed {
        /// The format being read.
        format: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// The document is larger than [`crate::MAX_SBOM_BYTES`].
    #[error("SBOM is larger than {0} bytes")]
    TooLarge(u64),
}
