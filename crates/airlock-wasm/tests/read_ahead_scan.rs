//! The browser's slice reader gives the image reader exactly what a file
//! does: the same report for the shared fixtures, with reads in few slices.

use std::io::Write;
use std::path::{Path, PathBuf};

use airlock::{ScanOptions, Snapshot};
use airlock_wasm::read_ahead::{BytesSource, ReadAhead};

fn fixture(name: &str) -> PathBuf {
    let shared = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("fixtures/images").join(name)
}

fn catalog_json(reader: impl std::io::Read + std::io::Seek) -> String {
    let options = ScanOptions::default();
    let scanned = airlock::catalog_image(reader, &options, &mut |_| {}).expect("scan");
    airlock_report::to_json(&airlock::report(&scanned, None, &options))
}

#[test]
fn slices_and_file_give_the_same_report() {
    for image in ["alpine-3.16.9.oci.tar", "debian-bookworm-minbase.oci.tar"] {
        let bytes = std::fs::read(fixture(image)).expect("fixture");
        let direct = catalog_json(std::io::Cursor::new(bytes.clone()));
        let mut sliced = ReadAhead::new(BytesSource(bytes.clone()), 64 * 1024);
        let via_slices = catalog_json(&mut sliced);
        assert_eq!(direct, via_slices, "{image}");
        assert!(direct.contains("\"packages\""));
        // Layer bodies are skipped by seeking in pass 1, so far fewer slices
        // than a sequential read of the whole file twice.
        assert!(sliced.slices_read() < 2 * bytes.len() as u64 / (64 * 1024) + 10, "{image}: {}", sliced.slices_read());
    }
}

#[test]
fn gzip_and_plain_snapshots_decode_and_garbage_is_named() {
    let plain = Snapshot::default().to_bytes();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    assert_eq!(airlock_wasm::decode_snapshot(&plain).unwrap(), Snapshot::default());
    assert_eq!(airlock_wasm::decode_snapshot(&gz).unwrap(), Snapshot::default());
    let err = airlock_wasm::decode_snapshot(b"not a snapshot").unwrap_err();
    assert!(!err.is_empty());
}
