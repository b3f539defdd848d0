//! The `airlock.report/v1` model and its renderers.
//!
//! [`Report`] is the one result shape every build shares: the CLI prints it
//! as JSON or text, the browser and WASI builds return it. Filtering
//! ([`CveFilter`]) and rendering live here so no front end reimplements them.

mod model;

pub use model::{
    CvssEntry, FindingEntry, FindingPackage, ImageSummary, OsEntry, PackageEntry, Report, SCHEMA, Summary,
};
