//! SBOM input: SPDX 2.2/2.3 JSON, CycloneDX 1.4–1.6 JSON, syft JSON, and
//! in-toto attestations (DSSE envelopes or plain statements) holding one of
//! them, detected by content.
//!
//! [`read_sbom`] turns a document into an [`SbomInventory`]: the operating
//! system (from the document's OS record or the purls' `distro=` qualifier,
//! codenames included) and one [`Package`] per component with a purl and a
//! version. purls are parsed with the `packageurl` crate and keep their
//! qualifiers (`distro`, `epoch`, `arch`, `upstream`). Components without a
//! version, or of a type Airlock does not match, are listed as
//! [`SbomInventory::unknown`] and never matched. No filesystem, no clock.

mod component;
mod cyclonedx;
mod detect;
mod distro;
mod error;
mod spdx;
mod syft;

pub use component::to_package;
pub use detect::{SbomFormat, looks_like_json, unwrap_attestation};
pub use distro::os_from_distro_qualifier;
pub use error::SbomError;

use airlock_types::{OsRelease, Package};

use crate::component::Component;

/// The most bytes an SBOM document may have (the whole document is parsed).
pub const MAX_SBOM_BYTES: u64 = 512 << 20;

/// What an SBOM says is installed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SbomInventory {
    /// The document's format.
    pub format: Option<SbomFormat>,
    /// The subject's name (image reference, file name) as the SBOM gives it.
    pub subject: Option<String>,
    /// The subject's digest, when the SBOM gives one.
    pub digest: Option<String>,
    /// The operating system.
    pub os: Option<OsRelease>,
    /// Packages that can be matched, sorted by (type, name, version).
    pub packages: Vec<Package>,
    /// Components listed but not matched (no version, no purl, unsupported
    /// type), each as `name version: why`.
    pub unknown: Vec<String>,
    /// Notes about the document (attestation unwrapped, unsupported spec version).
    pub notes: Vec<String>,
}

/// Parses an SBOM document (any supported format, possibly inside an
/// in-toto attestation) into an inventory.
pub fn read_sbom(bytes: &[u8]) -> Result<SbomInventory, SbomError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| SbomError::Json(e.to_string()))?;
    let mut notes = Vec::new();
    let doc = unwrap_attestation(value, &mut notes)?;
    let format = SbomFormat::detect(&doc).ok_or(SbomError::UnknownFormat)?;
    let parsed = match format {
        SbomFormat::CycloneDx => cyclonedx::read(&doc, &mut notes)?,
        SbomFormat::Spdx => spdx::read(&doc, &mut notes)?,
        SbomFormat::Syft => syft::read(&doc)?,
    };
    Ok(component::into_inventory(format, parsed, notes))
}

/// What a format reader extracts before purls are interpreted.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub(crate) subject: Option<String>,
    pub(crate) digest: Option<String>,
    pub(crate) os: Option<OsRelease>,
    pub(crate) components: Vec<Component>,
}

/// An inventory's packages, for callers that only need those.
impl SbomInventory {
    /// The number of components listed (packages and unknown ones).
    pub fn component_count(&self) -> usize {
        self.packages.len() + self.unknown.len()
    }
}
