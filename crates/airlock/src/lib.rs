//! Airlock: scan a container image against an advisory snapshot.
//!
//! This facade wires the pipeline stages together — image reader
//! ([`airlock_image`]), catalogers ([`airlock_catalog`]), matcher
//! ([`airlock_match`]) and report ([`airlock_report`]) — so that every front
//! end (CLI, browser, WASI) calls one function and gets the same
//! [`Report`]. Front ends adapt I/O only.

mod audit;
mod error;
mod input;
mod kind;
mod scan;

pub use audit::{ScanAndAudit, known_exploited, published_dates, scan_and_audit_image};
pub use error::Error;
pub use input::{InputKind, catalog_input, detect_input, read_sbom, sbom_report, scan_input, scan_sbom};
pub use kind::ErrorKind;
pub use scan::{AttestationUse, ScanOptions, Scanned, catalog_image, report, scan_image};

pub use airlock_audit;
pub use airlock_db::{DbError, Snapshot};
pub use airlock_image::{Platform, Progress};
pub use airlock_report::to_json;
pub use airlock_report::{CveFilter, Report};
pub use airlock_sbom::{SbomError, SbomFormat, SbomInventory};
pub use airlock_types::{FindingState, Severity};
pub use airlock_vex::{Statement as VexStatement, VexError, apply as apply_vex, parse_ignore_file, parse_vex};
