//! `airlock audit` and `airlock policy` end to end: health scores and exit
//! codes for a passing and a failing image, runtime files, bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared() -> PathBuf {
    std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn image(name: &str) -> PathBuf {
    shared().join("fixtures/images").join(name)
}

fn airlock(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_airlock")).args(args).output().expect("run airlock")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// An empty advisory snapshot: the policies then judge configuration only.
fn empty_snapshot(dir: &Path) -> String {
    let path = dir.join("empty.snapshot");
    std::fs::write(&path, airlock_db::Snapshot::default().to_bytes()).unwrap();
    path.display().to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn policy_passes_for_distroless_with_grade_a() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_snapshot(dir.path());
    let img = image("distroless-static-go.docker.tar");
    let img = img.to_str().unwrap();
    let out = airlock(&["policy", img, "--db", &db, "--today", "2024-06-30", "--exit-code", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let eval: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(eval["score"]["grade"], "A");
    let status =
        |id: &str| eval["results"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["status"].clone();
    assert_eq!(status("non-root-user"), "pass");
    assert_eq!(status("no-secrets"), "pass");
    assert_eq!(status("no-fixable-critical-high"), "pass");
    assert_eq!(status("no-known-exploited"), "not-evaluated");
    assert_eq!(status("runtime-profile"), "not-evaluated");
}

#[test]
fn policy_fails_for_debian_root_and_a_privileged_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_snapshot(dir.path());
    let img = image("debian-bookworm-minbase.oci.tar");
    let img = img.to_str().unwrap();
    // Root user: 6 of 8 weight passes → 75 % → B, exit 2 with --exit-code, 0 without.
    let out = airlock(&["policy", img, "--db", &db, "--today", "2024-06-30", "--exit-code"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("✗ FAIL") && text.contains("non-root-user"), "{text}");
    assert!(text.contains("Health score: B (75 %"), "{text}");
    assert!(text.contains("the advisory snapshot has no known-exploited list"), "{text}");
    assert_eq!(airlock(&["policy", img, "--db", &db, "--today", "2024-06-30"]).status.code(), Some(0));
    // Add a privileged Compose file: 6 of 10 → 60 % → C.
    let compose = write(dir.path(), "compose.yaml", "services:\n  app:\n    image: debian\n    privileged: true\n");
    let out = airlock(&["policy", img, "--db", &db, "--today", "2024-06-30", "--audit", &compose, "--format", "json"]);
    let eval: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(eval["score"]["grade"], "C");
    assert_eq!(eval["score"]["percent"], 60.0);
    // A policy file can disable the failing policy: everything left passes.
    let toml = write(dir.path(), "policy.toml", "[policies.non-root-user]\nenabled = false\n");
    let out = airlock(&["policy", img, "--db", &db, "--today", "2024-06-30", "--policy-file", &toml, "--exit-code"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("Health score: A"), "{}", stdout(&out));
    // Markdown and SARIF render.
    let md = stdout(&airlock(&["policy", img, "--db", &db, "--today", "2024-06-30", "--format", "markdown"]));
    assert!(md.contains("**Health score: B**"), "{md}");
    let sarif = stdout(&airlock(&["policy", img, "--db", &db, "--today", "2024-06-30", "--format", "sarif"]));
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "non-root-user");
}

#[test]
fn audit_reads_runtime_files_and_images() {
    let dir = tempfile::tempdir().unwrap();
    let k8s = write(
        dir.path(),
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: x\n",
    );
    let out = airlock(&["audit", &k8s, "--exit-code"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("host-pid") && text.contains("pod.yaml:5 (spec.hostPID)"), "{text}");
    let img = image("debian-bookworm-minbase.oci.tar");
    let out = airlock(&["audit", img.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["kind"], "image");
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "root-user"));
    let rules = stdout(&airlock(&["audit", "--list-rules"]));
    assert!(rules.contains("docker-socket-mount") && rules.contains("CIS Docker 5.32"), "{rules}");
}

#[test]
fn bad_runtime_and_policy_files_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "notes.yaml", "hello: world\n");
    let out = airlock(&["audit", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes.yaml: not a `docker container inspect` output"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let db = empty_snapshot(dir.path());
    let toml = write(dir.path(), "p.toml", "[policies.no-such-thing]\n");
    let img = image("distroless-static-go.docker.tar");
    let out = airlock(&["policy", img.to_str().unwrap(), "--db", &db, "--policy-file", &toml]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown policy \"no-such-thing\""));
}
