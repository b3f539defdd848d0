//! Per-ecosystem version types.
//!
//! Each scheme has its own parsed type with a total order that follows the
//! reference implementation (`dpkg --compare-versions`, `apk version -t`).
//! [`Version`] wraps them; comparing two versions of different schemes is an
//! error ([`SchemeMismatch`]), never an ordering.

mod apk;
mod dpkg;
mod interim;
mod version;

pub use apk::ApkVersion;
pub use dpkg::DpkgVersion;
pub use interim::InterimVersion;
pub use version::{CompareError, ParseVersionError, SchemeMismatch, Version, VersionScheme};
