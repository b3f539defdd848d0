//! Language-package benchmark on the shared fixtures; prints figures.
//!
//! `cargo bench -p airlock --bench lang` prints: the catalog time of
//! `lang-apps.oci.tar` (read + sniff + catalog, median of rounds), the full
//! snapshot's build time, size (raw, gzip -9) and load time, and the time
//! to match the `lang-apps` inventory against it.
#![allow(missing_docs, clippy::print_stdout, reason = "a benchmark binary prints its figures")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use airlock::{ScanOptions, Snapshot};

const ROUNDS: u32 = 7;

fn shared() -> PathBuf {
    std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Median of `ROUNDS` runs of `f`.
fn median(rounds: u32, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let image = shared().join("fixtures/images/lang-apps.oci.tar");
    let bytes = std::fs::read(&image).expect("read lang-apps fixture");
    let catalog =
        || airlock::catalog_image(std::io::Cursor::new(&bytes), &ScanOptions::default(), &mut |_| {}).expect("catalog");
    let scanned = catalog();
    let languages = scanned.inventory.packages.iter().filter(|p| p.package_type.language_ecosystem().is_some()).count();
    let t = median(ROUNDS, || {
        catalog();
    });
    println!(
        "catalog lang-apps.oci.tar ({:.1} MiB, in memory): {:.1} ms median of {ROUNDS} ({} packages, {languages} language)",
        mib(bytes.len() as u64),
        t.as_secs_f64() * 1e3,
        scanned.inventory.packages.len()
    );

    let started = Instant::now();
    let outcome = airlock_db::build::build_snapshot(&shared().join("advisories"), &mut |_| {}).expect("build");
    let build = started.elapsed();
    for s in &outcome.summary.sources {
        println!(
            "  source {:<13} {:>6} records {:>7} affected  {:.2} s",
            s.name,
            s.records,
            s.affected,
            s.elapsed.as_secs_f64()
        );
    }
    let raw = outcome.snapshot.to_bytes();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&raw).expect("gzip");
    let compressed = gz.finish().expect("gzip").len() as u64;
    println!(
        "snapshot (all sources): built in {:.2} s; {:.1} MiB raw, {:.1} MiB gzip -9; {} advisories, {} affected entries",
        build.as_secs_f64(),
        mib(raw.len() as u64),
        mib(compressed),
        outcome.summary.advisories,
        outcome.summary.affected
    );
    let mut snapshot = Snapshot::default();
    let t = median(3, || snapshot = Snapshot::from_bytes(&raw).expect("decode"));
    println!("snapshot load: {:.0} ms median of 3", t.as_secs_f64() * 1e3);

    let inventory = &scanned.inventory;
    let mut findings = 0;
    let t = median(ROUNDS * 3, || {
        findings = airlock_match::match_packages(&inventory.packages, inventory.os.as_ref(), &snapshot).findings.len();
    });
    println!(
        "match lang-apps inventory ({} packages) against the full snapshot: {:.2} ms median of {} ({findings} findings)",
        inventory.packages.len(),
        t.as_secs_f64() * 1e3,
        ROUNDS * 3
    );
}
