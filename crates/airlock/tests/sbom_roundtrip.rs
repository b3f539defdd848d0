//! SBOM in and out on the shared fixtures: scan each image, export
//! CycloneDX and SPDX, scan those SBOMs — the same findings; scan syft's
//! SBOMs of the same images and list every difference.

mod common;

use std::collections::BTreeSet;
use std::io::Cursor;

use airlock::{Report, ScanOptions};
use airlock_report::DocumentMeta;
use common::{shared, snapshot};

const IMAGES: [&str; 4] = [
    "alpine-3.16.9.oci.tar",
    "debian-bookworm-minbase.oci.tar",
    "distroless-static-go.docker.tar",
    "lang-apps.oci.tar",
];

fn scan_bytes(bytes: Vec<u8>) -> Report {
    airlock::scan_input(Cursor::new(bytes), snapshot(), &ScanOptions::default(), &mut |_| {}).expect("scan")
}

fn scan_image(name: &str) -> Report {
    scan_bytes(std::fs::read(shared().join("fixtures/images").join(name)).expect("fixture"))
}

/// (package type, name, version, id, state, fixed version) of every finding.
type Key = (String, String, String, String, String, Option<String>);

fn keys(report: &Report) -> BTreeSet<Key> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.package.package_type.as_str().to_owned(),
                f.package.name.clone(),
                f.package.version.clone(),
                f.id.clone(),
                format!("{:?}", f.state),
                f.fixed_version.clone(),
            )
        })
        .collect()
}

fn packages(report: &Report) -> BTreeSet<(String, String, String, String, String)> {
    report
        .packages
        .iter()
        .map(|p| {
            (
                p.package_type.as_str().to_owned(),
                p.name.clone(),
                p.version.clone(),
                p.source_name.clone(),
                p.source_version.clone(),
            )
        })
        .collect()
}

#[test]
fn exported_sboms_scan_to_the_same_findings() {
    let meta = DocumentMeta::new("2026-12-04T00:00:00Z");
    for image in IMAGES {
        let report = scan_image(image);
        for (format, doc) in [
            ("cyclonedx", airlock_report::render_cyclonedx(&report, &meta)),
            ("spdx", airlock_report::render_spdx(&report, &meta)),
        ] {
            let again = scan_bytes(doc.into_bytes());
            assert_eq!(again.image.os, report.image.os, "{image} via {format}: OS");
            assert_eq!(packages(&again), packages(&report), "{image} via {format}: packages");
            assert_eq!(keys(&again), keys(&report), "{image} via {format}: findings");
            let layers = |r: &Report| {
                r.packages.iter().map(|p| (p.name.clone(), p.layer_index, p.location.clone())).collect::<BTreeSet<_>>()
            };
            assert_eq!(layers(&again), layers(&report), "{image} via {format}: layers and locations");
        }
    }
}

#[test]
fn syft_sboms_scan_to_the_image_findings() {
    let dir = shared().join("fixtures/images/sbom");
    let mut all_differences = Vec::new();
    for image in IMAGES {
        let from_image = keys(&scan_image(image));
        if image.starts_with("alpine") || image.starts_with("debian") {
            assert!(!from_image.is_empty(), "{image}: the comparison needs findings");
        }
        let stem = image.trim_end_matches(".tar");
        for format in ["syft", "spdx", "cdx"] {
            let path = dir.join(format!("{stem}.{format}.json"));
            let Ok(bytes) = std::fs::read(&path) else { continue };
            let sbom_report = scan_bytes(bytes);
            assert!(!sbom_report.packages.is_empty(), "{stem}.{format}: no packages read");
            let from_sbom = keys(&sbom_report);
            for k in from_image.difference(&from_sbom) {
                all_differences.push(format!("{stem}.{format}: only from the image: {k:?}"));
            }
            for k in from_sbom.difference(&from_image) {
                all_differences.push(format!("{stem}.{format}: only from the SBOM: {k:?}"));
            }
        }
    }
    // Every difference is listed in the failure message, one per line.
    assert!(all_differences.is_empty(), "{} difference(s):\n{}", all_differences.len(), all_differences.join("\n"));
}

#[test]
fn sarif_has_one_rule_per_vulnerability_located_at_the_package_database() {
    // Alpine: CVE-2023-42366 affects busybox and ssl_client (both from /lib/apk/db/installed).
    let report = scan_image("alpine-3.16.9.oci.tar");
    let meta = DocumentMeta::new("2026-12-04T00:00:00Z");
    let sarif: serde_json::Value = serde_json::from_str(&airlock_report::render_sarif(&report, &meta)).unwrap();
    let run = &sarif["runs"][0];
    let rules: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rules, ["CVE-2023-42366"]);
    assert_eq!(run["tool"]["driver"]["rules"][0]["properties"]["security-severity"], "5.5");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        assert_eq!(r["ruleIndex"], 0);
        assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "lib/apk/db/installed");
    }
    // Markdown and GitLab carry the same findings.
    let mut md = String::new();
    airlock_report::render_markdown(&report, &mut md);
    assert_eq!(md.matches("| medium | CVE-2023-42366 |").count(), 2, "{md}");
    let gitlab: serde_json::Value = serde_json::from_str(&airlock_report::render_gitlab(&report, &meta)).unwrap();
    let names: Vec<&str> = gitlab["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["location"]["dependency"]["package"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["busybox", "ssl_client"]);
    assert_eq!(gitlab["vulnerabilities"][0]["severity"], "Medium");
}

#[test]
fn only_metric_filters_on_cvss_vector_parts() {
    // busybox's CVE-2023-42366 vector is AV:L/…/UI:R.
    let report = scan_image("alpine-3.16.9.oci.tar");
    let keep = |metrics: &[&str]| {
        let filter =
            airlock::CveFilter { metrics: metrics.iter().map(|m| (*m).to_owned()).collect(), ..Default::default() };
        report.filtered(&filter).findings.len()
    };
    assert_eq!(keep(&[]), 2);
    assert_eq!(keep(&["AV:L"]), 2);
    assert_eq!(keep(&["AV:L", "UI:R"]), 2);
    assert_eq!(keep(&["AV:N"]), 0);
    assert_eq!(keep(&["AV:L", "UI:N"]), 0);
}
