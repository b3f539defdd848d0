//! VEX and ignore files on a real scan: the Alpine fixture has
//! CVE-2023-42366 on busybox and on ssl_client (origin busybox). Each VEX
//! format suppresses the busybox one; an image-embedded `*.vex.json` does
//! too; an expired ignore entry stops suppressing.

mod common;

use std::io::Cursor;
use std::sync::OnceLock;

use airlock::{Report, ScanOptions, VexStatement};
use airlock_report::VexStatus;
use common::{shared, snapshot};
use sha2::{Digest as _, Sha256};

const CVE: &str = "CVE-2023-42366";
const BUSYBOX: &str = "pkg:apk/alpine/busybox@1.35.0-r17?arch=x86_64&distro=alpine-3.16.9";

fn alpine() -> Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT
        .get_or_init(|| {
            let bytes = std::fs::read(shared().join("fixtures/images/alpine-3.16.9.oci.tar")).expect("fixture");
            airlock::scan_input(Cursor::new(bytes), snapshot(), &ScanOptions::default(), &mut |_| {}).expect("scan")
        })
        .clone()
}

fn packages_with(report: &Report, findings: &[airlock_report::FindingEntry]) -> Vec<String> {
    let _ = report;
    findings.iter().filter(|f| f.id == CVE).map(|f| f.package.name.clone()).collect()
}

/// Applies `statements` and checks busybox is suppressed with `justification`, ssl_client kept.
fn assert_busybox_suppressed(statements: &[VexStatement], justification: Option<&str>) {
    let mut report = alpine();
    assert_eq!(packages_with(&report, &report.findings), ["busybox", "ssl_client"]);
    let suppressed = airlock::apply_vex(&mut report, statements, Some("2026-12-04"));
    assert_eq!(suppressed, 1);
    assert_eq!(packages_with(&report, &report.findings), ["ssl_client"]);
    assert_eq!(packages_with(&report, &report.suppressed), ["busybox"]);
    let vex = report.suppressed[0].vex.as_ref().unwrap();
    assert_eq!(vex.status, VexStatus::NotAffected);
    assert_eq!(vex.justification.as_deref(), justification);
    assert_eq!(report.summary.total(), 1);
}

#[test]
fn openvex_suppresses() {
    let doc = serde_json::json!({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.test/vex/1",
        "author": "Example",
        "timestamp": "2026-12-01T00:00:00Z",
        "version": 1,
        "statements": [{
            "vulnerability": {"name": CVE},
            "products": [{"@id": "pkg:oci/alpine@sha256%3Aabc", "subcomponents": [{"@id": "pkg:apk/alpine/busybox"}]}],
            "status": "not_affected",
            "justification": "vulnerable_code_not_in_execute_path",
            "impact_statement": "the affected applet is never run"
        }]
    });
    let statements = airlock::parse_vex(doc.to_string().as_bytes(), "app.openvex.json").unwrap();
    assert_busybox_suppressed(&statements, Some("vulnerable_code_not_in_execute_path"));
}

#[test]
fn csaf_vex_suppresses() {
    let doc = serde_json::json!({
        "document": {
            "category": "csaf_vex", "csaf_version": "2.0", "title": "busybox",
            "publisher": {"category": "vendor", "name": "Example", "namespace": "https://example.test"},
            "tracking": {"id": "EX-1", "status": "final", "version": "1", "initial_release_date": "2026-12-01T00:00:00Z",
                "current_release_date": "2026-12-01T00:00:00Z",
                "revision_history": [{"date": "2026-12-01T00:00:00Z", "number": "1", "summary": "first"}]}
        },
        "product_tree": {"branches": [{"category": "vendor", "name": "Alpine", "branches": [{
            "category": "product_version", "name": "busybox 1.35.0-r17",
            "product": {"name": "busybox 1.35.0-r17", "product_id": "BB-1",
                "product_identification_helper": {"purl": "pkg:apk/alpine/busybox@1.35.0-r17"}}
        }]}]},
        "vulnerabilities": [{
            "cve": CVE,
            "product_status": {"known_not_affected": ["BB-1"]},
            "flags": [{"label": "vulnerable_code_not_present", "product_ids": ["BB-1"]}],
            "threats": [{"category": "impact", "details": "built without the applet", "product_ids": ["BB-1"]}]
        }]
    });
    let statements = airlock::parse_vex(doc.to_string().as_bytes(), "busybox.csaf.json").unwrap();
    assert_busybox_suppressed(&statements, Some("vulnerable_code_not_present"));
}

#[test]
fn cyclonedx_vex_suppresses() {
    let doc = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "components": [{"type": "library", "bom-ref": "bb", "name": "busybox", "version": "1.35.0-r17", "purl": BUSYBOX}],
        "vulnerabilities": [{
            "id": CVE,
            "analysis": {"state": "not_affected", "justification": "code_not_reachable", "detail": "applet unused"},
            "affects": [{"ref": "bb"}]
        }]
    });
    let statements = airlock::parse_vex(doc.to_string().as_bytes(), "bom.vex.json").unwrap();
    assert_busybox_suppressed(&statements, Some("code_not_reachable"));
}

#[test]
fn airlock_cyclonedx_vex_output_reads_back() {
    // Our own VEX of the findings, with every finding marked not affected by an
    // ignore entry first, suppresses the same findings when read back.
    let mut report = alpine();
    let ignore =
        airlock::parse_ignore_file(&format!("[[ignore]]\nid = \"{CVE}\"\npackage = \"busybox\"\n"), "i.toml").unwrap();
    airlock::apply_vex(&mut report, &ignore, Some("2026-12-04"));
    let doc = airlock_report::render_cyclonedx_vex(&report, &airlock_report::DocumentMeta::new("2026-12-04T00:00:00Z"));
    let statements = airlock::parse_vex(doc.as_bytes(), "out.cdx.json").unwrap();
    // The ignore entry gave a reason, not a justification.
    assert_busybox_suppressed(&statements, None);
}

#[test]
fn under_investigation_annotates() {
    let doc = serde_json::json!({
        "@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a", "timestamp": "2026-12-01T00:00:00Z", "version": 1,
        "statements": [{"vulnerability": {"name": CVE}, "products": [{"@id": "pkg:apk/alpine/ssl_client"}], "status": "under_investigation"}]
    });
    let mut report = alpine();
    let statements = airlock::parse_vex(doc.to_string().as_bytes(), "x.json").unwrap();
    assert_eq!(airlock::apply_vex(&mut report, &statements, None), 0);
    let ssl = report.findings.iter().find(|f| f.package.name == "ssl_client").unwrap();
    assert_eq!(ssl.vex.as_ref().unwrap().status, VexStatus::UnderInvestigation);
    assert!(report.findings.iter().find(|f| f.package.name == "busybox").unwrap().vex.is_none());
}

#[test]
fn ignore_file_suppresses_until_it_expires() {
    let text = format!(
        "[[ignore]]\nid = \"{CVE}\"\npackage = \"{BUSYBOX}\"\nexpires = \"2026-06-30\"\nreason = \"accepted risk\"\n"
    );
    let statements = airlock::parse_ignore_file(&text, ".airlock-ignore.toml").unwrap();
    // On the last day it still suppresses.
    let mut report = alpine();
    assert_eq!(airlock::apply_vex(&mut report, &statements, Some("2026-06-30")), 1);
    assert_eq!(report.suppressed[0].vex.as_ref().unwrap().detail.as_deref(), Some("accepted risk"));
    // The day after, it no longer does, and says so.
    let mut report = alpine();
    assert_eq!(airlock::apply_vex(&mut report, &statements, Some("2026-07-01")), 0);
    assert_eq!(packages_with(&report, &report.findings), ["busybox", "ssl_client"]);
    let busybox = report.findings.iter().find(|f| f.package.name == "busybox").unwrap();
    assert_eq!(busybox.vex.as_ref().unwrap().expired.as_deref(), Some("2026-06-30"));
    assert!(
        report.notes.iter().any(|n| n.contains("expired on 2026-06-30") && n.contains("no longer suppressed")),
        "{:?}",
        report.notes
    );
}

// ---------- an image that ships its own VEX ----------

fn sha(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, body) in files {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Regular);
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        b.append_data(&mut h, name, *body).unwrap();
    }
    b.into_inner().unwrap()
}

#[test]
fn image_embedded_vex_json_suppresses() {
    let installed =
        b"P:busybox\nV:1.35.0-r17\nA:x86_64\no:busybox\n\nP:ssl_client\nV:1.35.0-r17\nA:x86_64\no:busybox\n\n";
    let os_release = b"ID=alpine\nVERSION_ID=3.16.9\nPRETTY_NAME=\"Alpine Linux v3.16\"\n";
    let vex = serde_json::json!({
        "@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a", "timestamp": "2026-12-01T00:00:00Z", "version": 1,
        "statements": [{"vulnerability": {"name": CVE}, "products": [{"@id": "pkg:apk/alpine/busybox@1.35.0-r17"}],
            "status": "not_affected", "justification": "component_not_present"}]
    })
    .to_string();
    let layer = tar_of(&[
        ("etc/os-release", os_release),
        ("lib/apk/db/installed", installed),
        ("usr/share/vex/busybox.vex.json", vex.as_bytes()),
    ]);
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{}", sha(&layer))]}
    })
    .to_string();
    let config_name = format!("{}.json", sha(config.as_bytes()));
    let manifest =
        serde_json::json!([{"Config": config_name, "RepoTags": ["example.test/vex:1"], "Layers": ["layer.tar"]}])
            .to_string();
    let archive = tar_of(&[
        ("manifest.json", manifest.as_bytes()),
        (config_name.as_str(), config.as_bytes()),
        ("layer.tar", &layer),
    ]);
    let report =
        airlock::scan_input(Cursor::new(archive), snapshot(), &ScanOptions::default(), &mut |_| {}).expect("scan");
    assert_eq!(packages_with(&report, &report.findings), ["ssl_client"]);
    assert_eq!(packages_with(&report, &report.suppressed), ["busybox"]);
    let vex = report.suppressed[0].vex.as_ref().unwrap();
    assert_eq!(vex.source, "openvex:image:/usr/share/vex/busybox.vex.json");
    assert_eq!(vex.justification.as_deref(), Some("component_not_present"));
}
