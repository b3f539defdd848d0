//! The advisory snapshot.
//!
//! A snapshot is a compact, versioned, postcard-encoded file holding
//! advisories indexed by (ecosystem, package), with typed version ranges and
//! distro states. [`Snapshot::from_bytes`] checks the magic and the format
//! version. With the `build` feature, [`build`] ingests the advisory archives
//! (`.tar.zst`) from OSV and distro feeds.

#[cfg(feature = "build")]
pub mod build;
mod error;
mod info;
mod model;
mod names;

pub use error::DbError;
pub use info::{EcosystemCount, SnapshotInfo};
pub use model::{
    Advisory, Affected, BuildStats, CvssVector, DistroState, FORMAT_VERSION, MAGIC, PackageKey, Range, Snapshot,
    SourceInfo,
};
pub use names::{language_kind, normalize_name, normalize_version, pep503};
