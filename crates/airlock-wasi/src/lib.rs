//! Airlock as a WASI 0.2 component (`wit/airlock.wit`, world `airlock`).
//!
//! Glue only: it turns the WIT inputs into `Read + Seek` sources, calls the
//! [`airlock`] facade, and converts the [`airlock::Report`] and
//! [`airlock::Error`] into the WIT records and the `scan-error` variant.
//! Build: `cargo build --release -p airlock-wasi --target wasm32-wasip2`.

mod convert;
mod input;

use std::io::{Read, Seek};

use airlock::ScanOptions;

use bindings::airlock::scanner::types::{Report, ScanError, ScanOptions as WitScanOptions};
use bindings::exports::airlock::scanner::scanner::{Guest, GuestSnapshot, Input, Snapshot, SnapshotBorrow};

/// The generated bindings (canonical ABI glue).
#[allow(unsafe_code, missing_docs, unreachable_pub, clippy::all)]
mod bindings {
    wit_bindgen::generate!({ world: "airlock", path: "../../wit" });

    use super::Component;
    export!(Component with_types_in self);
}

/// The exported component.
struct Component;

/// A loaded advisory snapshot (the `snapshot` resource).
struct LoadedSnapshot(airlock::Snapshot);

impl GuestSnapshot for LoadedSnapshot {
    fn load(source: Input) -> Result<Snapshot, ScanError> {
        let (name, bytes) = input::read_all(source)?;
        let snapshot = airlock::Snapshot::from_bytes(&bytes)
            .map_err(|e| ScanError::BadSnapshot(format!("advisory snapshot {name}: {e}")))?;
        Ok(Snapshot::new(LoadedSnapshot(snapshot)))
    }

    fn describe(&self) -> String {
        self.0.info().to_string()
    }
}

impl Guest for Component {
    type Upload = input::Upload;
    type Snapshot = LoadedSnapshot;

    fn scan_image(db: SnapshotBorrow<'_>, image: Input, options: WitScanOptions) -> Result<Report, ScanError> {
        let db = &db.get::<LoadedSnapshot>().0;
        let options = scan_options(options)?;
        let (name, reader) = input::open(image)?;
        scan(&name, reader, db, &options)
    }

    fn scan_sbom(db: SnapshotBorrow<'_>, sbom: Input, options: WitScanOptions) -> Result<Report, ScanError> {
        let db = &db.get::<LoadedSnapshot>().0;
        let options = scan_options(options)?;
        let (name, reader) = input::open(sbom)?;
        airlock::scan_sbom(reader, db, &options).map(|r| convert::report(&r)).map_err(|e| convert::error(&name, &e))
    }
}

fn scan(
    name: &str,
    reader: impl Read + Seek,
    db: &airlock::Snapshot,
    options: &ScanOptions,
) -> Result<Report, ScanError> {
    match airlock::scan_image(reader, db, options, &mut |_| {}) {
        Ok(report) => Ok(convert::report(&report)),
        Err(e) => Err(convert::error(name, &e)),
    }
}

fn scan_options(options: WitScanOptions) -> Result<ScanOptions, ScanError> {
    let platform = match options.platform {
        Some(p) => Some(p.parse::<airlock::Platform>().map_err(ScanError::InvalidArgument)?),
        None => None,
    };
    Ok(ScanOptions { platform, source: options.source, ..ScanOptions::default() })
}
