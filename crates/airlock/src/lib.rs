//! Airlock: scan a container image against an advisory snapshot.
//!
//! This facade wires the pipeline stages together — image reader
//! ([`airlock_image`]), catalogers ([`airlock_catalog`]), matcher
//! ([`airlock_match`]) and report ([`airlock_report`]) — so that every front
//! end (CLI, browser, WASI) calls one function and gets the same
//! [`Report`]. Front ends adapt I/O only.

mod error;
mod kind;
mod scan;

pub use error::Error;
pub use kind::ErrorKind;
pub use scan::{ScanOptions, Scanned, catalog_image, report, scan_image};

pub use airlock_db::{DbError, Snapshot};
pub use airlock_image::{Platform, Progress};
pub use airlock_report::to_json;
pub use airlock_report::{CveFilter, Report};
pub use airlock_types::{FindingState, Severity};
