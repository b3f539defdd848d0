//! The `airlock.report/v1` model and its renderers.
//!
//! [`Report`] is the one result shape every build shares: the CLI prints it
//! as JSON or text, the browser and WASI builds return it. Filtering
//! ([`CveFilter`]) and rendering ([`render_quickview`], [`render_cves`],
//! [`render_sbom`], [`to_json`]) live here so no front end reimplements them.

mod browse;
mod counts;
mod cves;
mod filter;
mod json;
mod model;
mod overview;
mod quickview;
mod sbom;
mod table;

pub use browse::{
    BrowseQuery, FindingGroup, FindingsView, LayerMeta, LayerRow, PackageRow, SortKey, findings_view, layers_view,
    packages_view,
};
pub use cves::render_cves;
pub use filter::CveFilter;
pub use json::{ReportError, from_json, to_json};
pub use model::{
    CvssEntry, FindingEntry, FindingPackage, ImageSummary, OsEntry, PackageEntry, Report, SCHEMA, Summary,
};
pub use quickview::render_quickview;
pub use sbom::render_sbom;
