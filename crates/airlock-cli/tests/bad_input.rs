//! Bad input through the CLI: a non-zero exit, one line naming the file and
//! the problem, and no panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use sha2::{Digest, Sha256};

fn sha(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        builder.append_data(&mut header, name, *data).expect("append");
    }
    builder.into_inner().expect("finish tar")
}

/// An OCI layout tar with one layer; `layer_digest` overrides the digest the
/// manifest claims for the layer.
fn oci_archive(layer: &[u8], layer_digest: Option<String>) -> Vec<u8> {
    let diff_id = sha(layer);
    let config = serde_json::to_vec(&json!({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "config": {}
    }))
    .expect("json");
    let layer_digest = layer_digest.unwrap_or_else(|| sha(layer));
    let manifest = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(&config), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer_digest, "size": layer.len()}]
    }))
    .expect("json");
    let index = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(&manifest), "size": manifest.len()}]
    }))
    .expect("json");
    let blob = |d: &str| format!("blobs/sha256/{}", &d["sha256:".len()..]);
    let (cfg_name, man_name, layer_name) = (blob(&sha(&config)), blob(&sha(&manifest)), blob(&layer_digest));
    tar_of(&[
        ("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#),
        ("index.json", &index),
        (&man_name, &manifest),
        (&cfg_name, &config),
        (&layer_name, layer),
    ])
}

fn shared() -> PathBuf {
    std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// Runs `airlock sbom FILE` and returns (exit code, stderr).
fn sbom(path: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_airlock")).arg("sbom").arg(path).output().expect("run airlock");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_clean_failure(name: &str, bytes: &[u8], expect: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let (code, stderr) = sbom(&path);
    assert_eq!(code, Some(1), "{name}: exit code; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{name}: panicked: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{name}: expected one line, got: {stderr}");
    assert!(stderr.contains(name), "{name}: the message must name the file: {stderr}");
    for word in expect {
        assert!(stderr.to_lowercase().contains(&word.to_lowercase()), "{name}: expected {word:?} in: {stderr}");
    }
}

#[test]
fn truncated_archive() {
    let real = std::fs::read(shared().join("fixtures/images/alpine-3.16.9.oci.tar"))
        .expect("the shared fixtures must be at ../shared (or set AIRLOCK_SHARED)");
    assert_clean_failure("truncated.tar", &real[..real.len() / 2], &["truncated"]);
}

#[test]
fn blob_with_wrong_digest() {
    let layer = tar_of(&[("etc/alpine-release", b"3.16.9\n")]);
    let wrong = sha(b"something else");
    assert_clean_failure("wrong-digest.tar", &oci_archive(&layer, Some(wrong.clone())), &["digest", &wrong[7..19]]);
}

#[test]
fn layer_that_is_not_a_tar() {
    let layer: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert_clean_failure("not-a-tar-layer.tar", &oci_archive(&layer, None), &["layer"]);
}

#[test]
fn empty_file() {
    assert_clean_failure("empty.tar", b"", &["empty"]);
}

#[test]
fn json_file_as_image() {
    assert_clean_failure("report.json", br#"{"schema": "airlock.report/v1"}"#, &["not a container image", "SBOM"]);
}

#[test]
fn broken_sbom_json() {
    assert_clean_failure("cut.spdx.json", br#"{"spdxVersion": "SPDX-2.3", "packages": ["#, &["not a JSON document"]);
    assert_clean_failure(
        "bad.cdx.json",
        br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": 5}"#,
        &["components is not an array"],
    );
}

#[test]
fn missing_snapshot_says_how_to_build_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let image = shared().join("fixtures/images/alpine-3.16.9.oci.tar");
    let out = Command::new(env!("CARGO_BIN_EXE_airlock"))
        .args(["quickview", "--db"])
        .arg(dir.path().join("none.snapshot"))
        .arg(&image)
        .output()
        .expect("run airlock");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("airlock db build"), "{stderr}");
    assert!(stderr.contains("none.snapshot"), "{stderr}");
}

#[test]
fn corrupt_snapshot_says_how_to_rebuild() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("corrupt.snapshot");
    std::fs::write(&db, b"AIRLOCK\x01\x01\x00\x00\x00garbage").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_airlock"))
        .args(["quickview", "--db"])
        .arg(&db)
        .arg(shared().join("fixtures/images/alpine-3.16.9.oci.tar"))
        .output()
        .expect("run airlock");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("corrupt") && stderr.contains("airlock db build"), "{stderr}");
}
