//! Shared vocabulary of the Airlock pipeline.
//!
//! Every stage speaks these types: the image reader produces [`Digest`]s and
//! layer references, catalogers produce [`Package`]s, the matcher produces
//! [`Finding`]s with a [`Severity`]. Identifiers are types, not loose strings.

mod digest;
mod ecosystem;
mod finding;
mod names;
mod package;
mod purl;

pub use digest::{Digest, DigestError};
pub use ecosystem::{Ecosystem, EcosystemKind, OsRelease};
pub use finding::{AdvisoryId, Cvss, Finding, FindingState, Rating, Severity, SeveritySource};
pub use names::pep503;
pub use package::{LayerRef, Package, PackageType};
pub use purl::Purl;
