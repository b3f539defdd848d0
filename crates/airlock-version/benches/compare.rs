//! Comparison and parse speed per version scheme; prints figures.
//!
//! `cargo bench -p airlock-version --bench compare` parses both sides of
//! every line of the shared version tables (`fixtures/versions/`, real
//! version strings) with `Version::parse`, then compares the pairs with
//! `Version::try_cmp` (the call the matcher makes) for about 0.3 s per
//! scheme, and prints parses and comparisons per second.
#![allow(missing_docs, clippy::print_stdout, reason = "a benchmark binary prints its figures")]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use airlock_version::{Version, VersionScheme};

fn shared() -> PathBuf {
    std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// The `(left, right)` strings of every comparison line of `files`.
fn pairs(files: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in files {
        let path = shared().join("fixtures/versions").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines() {
            let line = line.split('\t').next().unwrap_or_default();
            if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
                continue;
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let [a, _, b] = parts.as_slice() {
                out.push(((*a).to_string(), (*b).to_string()));
            }
        }
    }
    out
}

/// Runs `f` (which does `per_round` operations) until `budget` has passed;
/// returns operations per second.
fn rate(per_round: usize, budget: Duration, mut f: impl FnMut()) -> f64 {
    let started = Instant::now();
    let mut rounds = 0u64;
    while started.elapsed() < budget {
        f();
        rounds += 1;
    }
    (rounds as f64 * per_round as f64) / started.elapsed().as_secs_f64()
}

fn main() {
    let schemes: [(VersionScheme, &[&str]); 10] = [
        (VersionScheme::Dpkg, &["osv-scalibr/debian-versions-generated.txt"]),
        (VersionScheme::Apk, &["osv-scalibr/alpine-versions-generated.txt"]),
        (VersionScheme::Rpm, &["osv-scalibr/redhat-versions.txt", "claircore/rpmvercmp"]),
        (VersionScheme::Pep440, &["osv-scalibr/pypi-versions-generated.txt"]),
        (VersionScheme::Semver, &["osv-scalibr/semver-versions.txt"]),
        (VersionScheme::Go, &["osv-scalibr/semver-versions.txt"]),
        (VersionScheme::Maven, &["osv-scalibr/maven-versions-generated.txt"]),
        (VersionScheme::RubyGems, &["osv-scalibr/rubygems-versions-generated.txt"]),
        (VersionScheme::NuGet, &["osv-scalibr/nuget-versions.txt"]),
        (VersionScheme::Composer, &["osv-scalibr/packagist-versions-generated.txt"]),
    ];
    let budget = Duration::from_millis(300);
    println!("{:<10} {:>7} {:>16} {:>18}", "scheme", "pairs", "parses/s", "comparisons/s");
    for (scheme, files) in schemes {
        let raw: Vec<(String, String)> = pairs(files)
            .into_iter()
            .filter(|(a, b)| Version::parse(scheme, a).is_ok() && Version::parse(scheme, b).is_ok())
            .collect();
        let parsed: Vec<(Version, Version)> = raw
            .iter()
            .filter_map(|(a, b)| Some((Version::parse(scheme, a).ok()?, Version::parse(scheme, b).ok()?)))
            .collect();
        let parses = rate(raw.len() * 2, budget, || {
            for (a, b) in &raw {
                black_box(Version::parse(scheme, black_box(a)).ok());
                black_box(Version::parse(scheme, black_box(b)).ok());
            }
        });
        let compares = rate(parsed.len(), budget, || {
            for (a, b) in &parsed {
                black_box(black_box(a).try_cmp(black_box(b)).ok());
            }
        });
        println!("{:<10} {:>7} {:>16.0} {:>18.0}", scheme.as_str(), parsed.len(), parses, compares);
    }
}
