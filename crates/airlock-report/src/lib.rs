//! The `airlock.report/v1` model and its renderers.
//!
//! [`Report`] is the one result shape every build shares: the CLI prints it
//! as JSON or text, the browser and WASI builds return it. Filtering
//! ([`CveFilter`]) and rendering ([`render_quickview`], [`render_cves`],
//! [`render_sbom`], [`to_json`]) live here so no front end reimplements them.

mod browse;
mod counts;
mod cves;
mod cyclonedx;
mod export;
mod filter;
mod gitlab;
mod json;
mod markdown;
mod model;
mod openvex;
mod overview;
mod quickview;
mod sarif;
mod sbom;
mod spdx;
mod suppressed;
mod table;

pub use browse::{
    BrowseQuery, FindingGroup, FindingsView, LayerMeta, LayerRow, PackageRow, SortKey, findings_view, layers_view,
    packages_view,
};
pub use cves::render_cves;
pub use cyclonedx::{render_cyclonedx, render_cyclonedx_vex};
pub use export::DocumentMeta;
pub use filter::CveFilter;
pub use gitlab::render_gitlab;
pub use json::{ReportError, from_json, to_json};
pub use markdown::render_markdown;
pub use model::{
    CvssEntry, FindingEntry, FindingPackage, ImageSummary, OsEntry, PackageEntry, Report, SCHEMA, Summary,
    VexAnnotation, VexStatus,
};
pub use openvex::render_openvex;
pub use quickview::render_quickview;
pub use sarif::render_sarif;
pub use sbom::render_sbom;
pub use spdx::render_spdx;
pub use suppressed::render_suppressed;
