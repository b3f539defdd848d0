//! VEX and ignore files: decisions about findings, applied to a report.
//!
//! [`parse_vex`] reads OpenVEX, CSAF 2.0 VEX and CycloneDX VEX (detected by
//! content); [`parse_ignore_file`] reads Airlock's TOML ignore file. Both
//! give [`Statement`]s, which [`apply`] matches to a report's findings by
//! vulnerability id (or alias) and package: `not_affected` and `fixed`
//! move a finding to [`Report::suppressed`] with the justification,
//! `under_investigation` and `affected` annotate it, and an ignore entry
//! past its expiry date stops suppressing and says so. The core has no
//! clock: the caller passes today's date.

mod apply;
mod csaf;
mod cyclonedx;
mod ignore;
mod openvex;

pub use airlock_report::{VexAnnotation, VexStatus};
pub use apply::apply;
pub use ignore::parse_ignore_file;

use airlock_report::Report;

/// Which packages a statement is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductMatch {
    /// A package URL; qualifiers are ignored, and a purl without a version
    /// matches every version.
    Purl(String),
    /// A package name (`libssl3`), any version.
    Name(String),
}

/// One decision about one vulnerability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The vulnerability id (`CVE-2024-1234`).
    pub vulnerability: String,
    /// Other ids of the same vulnerability.
    pub aliases: Vec<String>,
    /// The packages it is about; empty means every package (the statement
    /// names only the image, or no product).
    pub products: Vec<ProductMatch>,
    /// The decision.
    pub status: VexStatus,
    /// Machine-readable justification, if any.
    pub justification: Option<String>,
    /// Free text (impact statement, reason).
    pub detail: Option<String>,
    /// Where it came from (`openvex:file.json`, `ignore:.airlock-ignore.toml`).
    pub source: String,
    /// Last day (`YYYY-MM-DD`) the statement suppresses, for ignore entries.
    pub expires: Option<String>,
}

/// A VEX or ignore file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VexError {
    /// Not JSON.
    #[error("{source_name}: not JSON: {message}")]
    Json {
        /// The file.
        source_name: String,
        /// The parser's message.
        message: String,
    },
    /// JSON, but not OpenVEX, CSAF VEX or CycloneDX VEX.
    #[error("{0}: not a VEX document (expected OpenVEX, CSAF 2.0 VEX or CycloneDX with vulnerabilities)")]
    UnknownFormat(String),
    /// A statement or entry that is malformed.
    #[error("{source_name}: {problem}")]
    Malformed {
        /// The file.
        source_name: String,
        /// What is wrong.
        problem: String,
    },
}

/// The path suffix of VEX documents shipped inside images.
pub const IMAGE_VEX_SUFFIX: &str = ".vex.json";

/// Whether the image walker should keep `path` as an embedded VEX document.
pub fn wants(path: &str) -> bool {
    path.ends_with(IMAGE_VEX_SUFFIX)
}

/// Reads a VEX document, detecting OpenVEX, CSAF 2.0 VEX or CycloneDX VEX;
/// `source_name` labels the statements (a file name or image path).
pub fn parse_vex(bytes: &[u8], source_name: &str) -> Result<Vec<Statement>, VexError> {
    let doc: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| VexError::Json { source_name: source_name.to_owned(), message: e.to_string() })?;
    if doc.get("@context").and_then(|c| c.as_str()).is_some_and(|c| c.contains("openvex"))
        || (doc.get("statements").is_some() && doc.get("@id").is_some())
    {
        return openvex::read(&doc, &format!("openvex:{source_name}"));
    }
    if doc.pointer("/document/csaf_version").is_some() {
        return csaf::read(&doc, &format!("csaf:{source_name}"));
    }
    if doc.get("bomFormat").and_then(|b| b.as_str()) == Some("CycloneDX") {
        return cyclonedx::read(&doc, &format!("cyclonedx:{source_name}"));
    }
    Err(VexError::UnknownFormat(source_name.to_owned()))
}

/// Applies every statement to `report` and returns it (see [`apply`]).
pub fn applied(mut report: Report, statements: &[Statement], today: Option<&str>) -> Report {
    apply(&mut report, statements, today);
    report
}
