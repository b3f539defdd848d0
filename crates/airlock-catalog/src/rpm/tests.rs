//! The rpm readers on the real databases of `../shared/fixtures/rpmdb`,
//! against the lists the real `rpm` tool printed; damaged inputs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use airlock_image::CollectedFiles;
use airlock_types::OsRelease;

use super::*;
use crate::layers::test_support;

fn rpmdb_dir() -> PathBuf {
    let shared = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("fixtures/rpmdb");
    assert!(dir.is_dir(), "rpmdb fixtures not found at {} (set AIRLOCK_SHARED)", dir.display());
    dir
}

/// The database bytes and the `.expected.txt` lines of one fixture.
fn fixture(folder: &str, file: &str) -> (Vec<u8>, Vec<String>) {
    let dir = rpmdb_dir().join(folder);
    let bytes = std::fs::read(dir.join(file)).unwrap();
    let expected = std::fs::read_to_string(dir.join(format!("{file}.expected.txt"))).unwrap();
    (bytes, expected.lines().map(str::to_owned).collect())
}

/// `NAME EPOCHNUM:VERSION-RELEASE ARCH`, sorted bytewise, as the answer files spell it.
fn lines(headers: &[RpmHeader]) -> Vec<String> {
    let mut out: Vec<String> = headers
        .iter()
        .map(|h| {
            format!(
                "{} {}:{}-{} {}",
                h.name,
                h.epoch.unwrap_or(0),
                h.version,
                h.release,
                h.arch.as_deref().unwrap_or("")
            )
        })
        .collect();
    out.sort();
    out
}

const FIXTURES: [(&str, &str, RpmDbFormat, usize); 4] = [
    ("sqlite-cbl-mariner-2.0", "rpmdb.sqlite", RpmDbFormat::Sqlite, 129),
    ("ndb-sle15.3-bci-minimal", "Packages.db", RpmDbFormat::Ndb, 35),
    ("bdb-rhel8-libuuid", "Packages", RpmDbFormat::BerkeleyDb, 1),
    ("bdb-fedora32-hello-epoch", "Packages", RpmDbFormat::BerkeleyDb, 1),
];

#[test]
fn every_fixture_gives_exactly_the_rpm_tool_list() {
    for (folder, file, format, count) in FIXTURES {
        let (bytes, expected) = fixture(folder, file);
        assert_eq!(detect_format(&bytes), Some(format), "{folder}");
        let headers = read_rpmdb(&bytes).unwrap_or_else(|e| panic!("{folder}: {e}"));
        assert_eq!(headers.len(), count, "{folder}");
        assert_eq!(lines(&headers), expected, "{folder}");
    }
}

#[test]
fn source_rpms_and_epochs_match_the_json_answers() {
    for (folder, file, _, _) in FIXTURES {
        let dir = rpmdb_dir().join(folder);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{file}.expected.json"))).unwrap()).unwrap();
        let mut headers = read_rpmdb(&std::fs::read(dir.join(file)).unwrap()).unwrap();
        headers.sort_by(|a, b| (&a.name, &a.arch).cmp(&(&b.name, &b.arch)));
        let expected = json["packages"].as_array().unwrap();
        assert_eq!(headers.len(), expected.len(), "{folder}");
        for (h, e) in headers.iter().zip(expected) {
            assert_eq!(h.name, e["name"].as_str().unwrap(), "{folder}");
            assert_eq!(h.epoch.map(u64::from), e["epoch"].as_u64(), "{folder} {}", h.name);
            assert_eq!(h.source_rpm.as_deref(), e["sourcerpm"].as_str(), "{folder} {}", h.name);
        }
    }
}

#[test]
fn known_packages_in_detail() {
    let (bytes, _) = fixture("bdb-fedora32-hello-epoch", "Packages");
    let hello = &read_rpmdb(&bytes).unwrap()[0];
    assert_eq!((hello.name.as_str(), hello.epoch, hello.evr().as_str()), ("hello", Some(1), "1:0.0.1-rls"));
    let (bytes, _) = fixture("bdb-rhel8-libuuid", "Packages");
    let uuid = &read_rpmdb(&bytes).unwrap()[0];
    assert_eq!(uuid.evr(), "2.32.1-42.el8_8");
    assert_eq!(uuid.source_name(), Some("util-linux"));
    assert_eq!(uuid.vendor.as_deref(), Some("Red Hat, Inc."));
    let (bytes, _) = fixture("sqlite-cbl-mariner-2.0", "rpmdb.sqlite");
    let all = read_rpmdb(&bytes).unwrap();
    let ca = all.iter().find(|h| h.name == "ca-certificates-base").unwrap();
    assert_eq!(ca.epoch, Some(1));
    assert_eq!(ca.vendor.as_deref(), Some("Microsoft Corporation"));
}

#[test]
fn damaged_databases_are_errors_never_panics() {
    for (folder, file, _, _) in FIXTURES {
        let (bytes, _) = fixture(folder, file);
        // Truncations at many points: each is an error or a shorter list, never a panic.
        let step = (bytes.len() / 97).max(1);
        for len in (0..bytes.len()).step_by(step) {
            let _ = read_rpmdb(&bytes[..len]);
        }
        assert!(read_rpmdb(&bytes[..bytes.len() / 2]).is_err(), "{folder}: half a database must not pass");
        // Flipped bytes through the whole file: no panic, no hang.
        let mut damaged = bytes.clone();
        for at in (0..damaged.len()).step_by(step) {
            damaged[at] ^= 0xff;
            let _ = read_rpmdb(&damaged);
            damaged[at] ^= 0xff;
        }
    }
    assert_eq!(read_rpmdb(b"hello"), Err(RpmDbError::UnknownFormat));
    assert_eq!(read_rpmdb(b""), Err(RpmDbError::UnknownFormat));
}

fn shared(bytes: Vec<u8>) -> Option<Arc<[u8]>> {
    Some(Arc::from(bytes))
}

#[test]
fn cataloger_reads_through_the_var_lib_rpm_symlink_with_purls_and_layers() {
    let (bytes, _) = fixture("sqlite-cbl-mariner-2.0", "rpmdb.sqlite");
    let (old, _) = fixture("bdb-rhel8-libuuid", "Packages");
    let mut files = CollectedFiles::default();
    files.push("/usr/lib/sysimage/rpm/rpmdb.sqlite", 1, shared(bytes));
    files.set_symlink("/var/lib/rpm", Some("/usr/lib/sysimage/rpm"));
    // A BDB that a later layer deleted is not read.
    files.push("/usr/share/rpm/Packages", 0, shared(old));
    files.push("/usr/share/rpm/Packages", 1, None);
    assert!(files.get("/var/lib/rpm/rpmdb.sqlite").is_some(), "symlink resolves");
    let os = OsRelease { id: "mariner".into(), version_id: Some("2.0".into()), ..OsRelease::default() };
    let layers = test_support::layers(2);
    let ctx = CatalogContext { os: Some(&os), layers: &layers };
    let out = RpmCataloger.catalog(&files, &ctx).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(out.packages.len(), 129, "read once, through either path");
    let ca = out.packages.iter().find(|p| p.name == "ca-certificates-base").unwrap();
    assert_eq!(ca.version.raw(), "1:2.0.0-1.cm2");
    assert_eq!(ca.source_name, "ca-certificates");
    assert_eq!(ca.location, "/usr/lib/sysimage/rpm/rpmdb.sqlite");
    assert_eq!(ca.layer.as_ref().map(|l| l.index), Some(1));
    assert_eq!(
        ca.purl.to_string(),
        "pkg:rpm/mariner/ca-certificates-base@2.0.0-1.cm2?arch=noarch&distro=mariner-2.0&epoch=1&upstream=ca-certificates-2.0.0-1.cm2.src.rpm"
    );
}

#[test]
fn layer_attribution_follows_the_database_history() {
    let (mariner, _) = fixture("sqlite-cbl-mariner-2.0", "rpmdb.sqlite");
    let mut files = CollectedFiles::default();
    // Layer 0 had an unreadable copy, layer 1 the real one, layer 2 the same again.
    files.push("/var/lib/rpm/rpmdb.sqlite", 0, shared(b"garbage".to_vec()));
    files.push("/var/lib/rpm/rpmdb.sqlite", 1, shared(mariner.clone()));
    files.push("/var/lib/rpm/rpmdb.sqlite", 2, shared(mariner));
    let layers = test_support::layers(3);
    let out = RpmCataloger.catalog(&files, &CatalogContext { os: None, layers: &layers }).unwrap();
    assert!(out.packages.iter().all(|p| p.layer.as_ref().map(|l| l.index) == Some(1)));
    let bash = out.packages.iter().find(|p| p.name == "bash").unwrap();
    assert_eq!(bash.purl.to_string(), "pkg:rpm/bash@5.1.8-1.cm2?arch=x86_64&upstream=bash-5.1.8-1.cm2.src.rpm");
}

#[test]
fn an_unreadable_database_is_a_warning_naming_the_file() {
    let (bdb, _) = fixture("bdb-fedora32-hello-epoch", "Packages");
    let mut files = CollectedFiles::default();
    files.push("/var/lib/rpm/rpmdb.sqlite", 0, shared(b"SQLite format 3\0 but nothing else".to_vec()));
    // Another database in the image is still read.
    files.push("/usr/share/rpm/Packages", 0, shared(bdb));
    let out = RpmCataloger.catalog(&files, &CatalogContext { os: None, layers: &[] }).unwrap();
    assert_eq!(out.packages.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["hello"]);
    assert_eq!(
        out.warnings,
        [
            "/var/lib/rpm/rpmdb.sqlite: cannot read the rpm database (SQLite: not an SQLite 3 file); its packages are not listed"
        ]
    );
}
