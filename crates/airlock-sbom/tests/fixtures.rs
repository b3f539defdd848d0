//! The peer scanner's (syft 1.18.1) SBOMs of the shared fixture images, in
//! all three formats, read into the same packages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use airlock_sbom::{SbomFormat, read_sbom};
use airlock_types::PackageType;
use base64::Engine;

fn sbom_dir() -> PathBuf {
    std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("fixtures/images/sbom")
}

fn read(name: &str) -> airlock_sbom::SbomInventory {
    let bytes = std::fs::read(sbom_dir().join(name)).expect("the shared fixtures must be at ../shared");
    read_sbom(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn counts(inv: &airlock_sbom::SbomInventory) -> BTreeMap<PackageType, usize> {
    let mut m = BTreeMap::new();
    for p in &inv.packages {
        *m.entry(p.package_type).or_default() += 1;
    }
    m
}

#[test]
fn debian_in_every_format() {
    for (name, format) in [
        ("debian-bookworm-minbase.oci.syft.json", SbomFormat::Syft),
        ("debian-bookworm-minbase.oci.spdx.json", SbomFormat::Spdx),
        ("debian-bookworm-minbase.oci.cdx.json", SbomFormat::CycloneDx),
    ] {
        let inv = read(name);
        assert_eq!(inv.format, Some(format), "{name}");
        // README: 106 deb packages, Debian 12.
        assert_eq!(counts(&inv), BTreeMap::from([(PackageType::Deb, 106)]), "{name}");
        let os = inv.os.as_ref().expect("os");
        assert_eq!((os.id.as_str(), os.version_id.as_deref()), ("debian", Some("12")), "{name}");
        let libssl = inv.packages.iter().find(|p| p.name == "libssl3").expect("libssl3");
        assert_eq!(libssl.source_name, "openssl", "{name}");
        // The epoch lives in the purl version; the source package in upstream=.
        let bsdutils = inv.packages.iter().find(|p| p.name == "bsdutils").expect("bsdutils");
        assert_eq!(bsdutils.version.raw(), "1:2.38.1-5+deb12u3", "{name}");
        assert_eq!((bsdutils.source_name.as_str(), bsdutils.source_version.raw()), ("util-linux", "2.38.1-5+deb12u3"));
        // binNMU: bash 5.2.15-2+b13 from source bash 5.2.15-2.
        let bash = inv.packages.iter().find(|p| p.name == "bash").expect("bash");
        assert_eq!((bash.version.raw(), bash.source_version.raw()), ("5.2.15-2+b13", "5.2.15-2"), "{name}");
        assert_eq!(bash.arch.as_deref(), Some("amd64"));
    }
}

#[test]
fn alpine_in_every_format_and_inside_a_dsse_envelope() {
    for name in ["alpine-3.16.9.oci.syft.json", "alpine-3.16.9.oci.spdx.json", "alpine-3.16.9.oci.cdx.json"] {
        let inv = read(name);
        assert_eq!(counts(&inv), BTreeMap::from([(PackageType::Apk, 14)]), "{name}");
        assert_eq!(inv.os.as_ref().and_then(|o| o.ecosystem()).map(|e| e.to_string()).as_deref(), Some("Alpine:v3.16"));
        let ssl = inv.packages.iter().find(|p| p.name == "ssl_client").expect("ssl_client");
        assert_eq!(ssl.source_name, "busybox", "{name}");
    }
    let spdx = std::fs::read(sbom_dir().join("alpine-3.16.9.oci.spdx.json")).unwrap();
    let statement = serde_json::json!({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "alpine", "digest": {"sha256": "00"}}],
        "predicateType": "https://spdx.dev/Document/v2.3",
        "predicate": serde_json::from_slice::<serde_json::Value>(&spdx).unwrap(),
    });
    let envelope = serde_json::json!({
        "payloadType": "application/vnd.in-toto+json",
        "payload": base64::engine::general_purpose::STANDARD.encode(statement.to_string()),
        "signatures": [{"keyid": "", "sig": "AAAA"}],
    });
    let inv = read_sbom(envelope.to_string().as_bytes()).unwrap();
    assert_eq!(inv.packages, read("alpine-3.16.9.oci.spdx.json").packages);
    assert!(inv.notes.iter().any(|n| n.contains("DSSE")));
    // A plain statement too.
    let inv = read_sbom(statement.to_string().as_bytes()).unwrap();
    assert_eq!(inv.packages.len(), 14);
}

#[test]
fn language_packages_keep_their_types() {
    for name in ["lang-apps.oci.syft.json", "lang-apps.oci.spdx.json", "lang-apps.oci.cdx.json"] {
        let inv = read(name);
        let c = counts(&inv);
        // README: 14 apk, 8 python, 5 npm, 2 java-archive, 3 go-module (syft counts).
        assert_eq!(c.get(&PackageType::Apk), Some(&14), "{name}: {c:?}");
        assert_eq!(c.get(&PackageType::Python), Some(&8), "{name}: {c:?}");
        assert_eq!(c.get(&PackageType::Npm), Some(&5), "{name}: {c:?}");
        assert_eq!(c.get(&PackageType::GoModule), Some(&3), "{name}: {c:?}");
        assert_eq!(c.get(&PackageType::JavaArchive), Some(&2), "{name}: {c:?}");
    }
}

#[test]
fn components_without_version_are_listed_not_matched() {
    let doc = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.5",
        "components": [
            {"type": "library", "name": "mystery", "purl": "pkg:deb/debian/mystery?distro=debian-bookworm"},
            {"type": "library", "name": "curl", "version": "7.88.1-10+deb12u15", "purl": "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u15?distro=bookworm"},
            {"type": "library", "name": "thing", "version": "1"}
        ]
    });
    let inv = read_sbom(doc.to_string().as_bytes()).unwrap();
    assert_eq!(inv.packages.len(), 1);
    assert_eq!(inv.unknown, ["mystery (no version): no version", "thing 1: no purl"]);
    // The codename in distro= names the release.
    assert_eq!(inv.os.and_then(|o| o.ecosystem()).map(|e| e.to_string()).as_deref(), Some("Debian:12"));
}
