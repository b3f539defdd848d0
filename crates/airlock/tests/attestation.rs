//! BuildKit-style SBOM attestations inside an OCI layout. The fixtures have
//! none, so this builds one: an image whose only layer holds
//! `/etc/os-release` (no package database), with an attestation manifest
//! whose in-toto layer carries an SPDX SBOM listing busybox 1.35.0-r17.

mod common;

use std::io::Cursor;

use airlock::{AttestationUse, ScanOptions};
use common::shared;
use sha2::{Digest as _, Sha256};

fn sha(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, body) in files {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Regular);
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        b.append_data(&mut h, name, &body[..]).unwrap();
    }
    b.into_inner().unwrap()
}

fn descriptor(media_type: &str, body: &[u8]) -> serde_json::Value {
    serde_json::json!({"mediaType": media_type, "digest": format!("sha256:{}", sha(body)), "size": body.len()})
}

/// The OCI layout archive.
fn layout() -> Vec<u8> {
    let layer = tar_of(&[("etc/os-release".into(), b"ID=alpine\nVERSION_ID=3.16.9\n".to_vec())]);
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{}", sha(&layer))]}
    })
    .to_string()
    .into_bytes();
    let manifest = serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": descriptor("application/vnd.oci.image.config.v1+json", &config),
        "layers": [descriptor("application/vnd.oci.image.layer.v1.tar", &layer)]
    })
    .to_string()
    .into_bytes();
    let spdx = serde_json::json!({
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "sbom",
        "documentNamespace": "https://example.test/sbom", "creationInfo": {"created": "2026-12-01T00:00:00Z", "creators": ["Tool: buildkit"]},
        "packages": [{
            "SPDXID": "SPDXRef-busybox", "name": "busybox", "versionInfo": "1.35.0-r17", "downloadLocation": "NOASSERTION",
            "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                "referenceLocator": "pkg:apk/alpine/busybox@1.35.0-r17?arch=x86_64&distro=alpine-3.16.9"}]
        }]
    });
    let statement = serde_json::json!({
        "_type": "https://in-toto.io/Statement/v0.1",
        "predicateType": "https://spdx.dev/Document",
        "subject": [{"name": "image", "digest": {"sha256": sha(&manifest)}}],
        "predicate": spdx
    })
    .to_string()
    .into_bytes();
    let empty_config = b"{}".to_vec();
    let mut statement_desc = descriptor("application/vnd.in-toto+json", &statement);
    statement_desc["annotations"] = serde_json::json!({"in-toto.io/predicate-type": "https://spdx.dev/Document"});
    let attestation = serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": descriptor("application/vnd.oci.image.config.v1+json", &empty_config),
        "layers": [statement_desc]
    })
    .to_string()
    .into_bytes();
    let mut image_desc = descriptor("application/vnd.oci.image.manifest.v1+json", &manifest);
    image_desc["platform"] = serde_json::json!({"os": "linux", "architecture": "amd64"});
    let mut att_desc = descriptor("application/vnd.oci.image.manifest.v1+json", &attestation);
    att_desc["platform"] = serde_json::json!({"os": "unknown", "architecture": "unknown"});
    att_desc["annotations"] = serde_json::json!({
        "vnd.docker.reference.type": "attestation-manifest",
        "vnd.docker.reference.digest": format!("sha256:{}", sha(&manifest)),
    });
    let index = serde_json::json!({"schemaVersion": 2, "manifests": [image_desc, att_desc]}).to_string().into_bytes();
    let blob = |b: &Vec<u8>| (format!("blobs/sha256/{}", sha(b)), b.clone());
    tar_of(&[
        ("oci-layout".into(), br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
        ("index.json".into(), index),
        blob(&layer),
        blob(&config),
        blob(&manifest),
        blob(&statement),
        blob(&empty_config),
        blob(&attestation),
    ])
}

#[test]
fn finds_the_attestation() {
    let found = airlock_image::find_sbom_attestations(Cursor::new(layout())).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].predicate_type, "https://spdx.dev/Document");
    assert_eq!(found[0].platform, Some(airlock_image::Platform::linux_amd64()));
    // The fixtures carry none.
    let fixture = std::fs::read(shared().join("fixtures/images/alpine-3.16.9.oci.tar")).unwrap();
    assert!(airlock_image::find_sbom_attestations(Cursor::new(fixture)).unwrap().is_empty());
}

#[test]
fn prefer_uses_the_attested_sbom_and_ignore_reads_the_layers() {
    let prefer = airlock::catalog_input(Cursor::new(layout()), &ScanOptions::default(), &mut |_| {}).unwrap();
    let names: Vec<&str> = prefer.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["busybox"]);
    assert!(prefer.notes.iter().any(|n| n.contains("SBOM attestation")), "{:?}", prefer.notes);
    let options = ScanOptions { sbom_attestations: AttestationUse::Ignore, ..ScanOptions::default() };
    let ignore = airlock::catalog_input(Cursor::new(layout()), &options, &mut |_| {}).unwrap();
    assert!(ignore.packages.is_empty());
    assert_eq!(ignore.image.os.as_ref().map(|o| o.id.as_str()), Some("alpine"));
}
