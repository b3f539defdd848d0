//! Ubuntu, Wolfi, AlmaLinux, Rocky and Red Hat end to end: a synthetic
//! image holding a real rpm database from `../shared/fixtures/rpmdb` behind
//! the `/var/lib/rpm → /usr/lib/sysimage/rpm` symlink, and hand-built
//! inventories, matched against the snapshot built from the shared archives.
//! Every expected finding was looked up by hand in the archives
//! (`tar --zstd -xOf ../shared/advisories/<archive> <file> | python3 -m json.tool`).

mod common;

use airlock::ScanOptions;
use airlock_types::{Finding, FindingState, OsRelease, Package, PackageType, Purl, Severity, SeveritySource};
use airlock_version::{Version, VersionScheme};
use common::{shared, snapshot};
use sha2::{Digest as _, Sha256};

// ---------- a docker-save archive built in memory ----------

enum Entry<'a> {
    File(&'a str, &'a [u8]),
    Dir(&'a str),
    Symlink(&'a str, &'a str),
}

fn header(kind: tar::EntryType, size: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(kind);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(0);
    h
}

fn tar_of(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        match e {
            Entry::File(p, body) => b.append_data(&mut header(tar::EntryType::Regular, body.len() as u64), p, *body),
            Entry::Dir(p) => b.append_data(&mut header(tar::EntryType::Directory, 0), p, &b""[..]),
            Entry::Symlink(p, t) => b.append_link(&mut header(tar::EntryType::Symlink, 0), p, t),
        }
        .unwrap();
    }
    b.into_inner().unwrap()
}

fn sha(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn docker_archive(layers: &[Vec<u8>]) -> Vec<u8> {
    let diff_ids: Vec<String> = layers.iter().map(|l| format!("sha256:{}", sha(l))).collect();
    let config = serde_json::to_vec(&serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
    }))
    .unwrap();
    let config_name = format!("{}.json", sha(&config));
    let mut files = vec![(config_name.clone(), config)];
    let mut names = Vec::new();
    for l in layers {
        let name = format!("blobs/sha256/{}", sha(l));
        names.push(name.clone());
        files.push((name, l.clone()));
    }
    let manifest = serde_json::json!([{"Config": config_name, "RepoTags": ["example.test/rpm:1"], "Layers": names}]);
    files.insert(0, ("manifest.json".into(), serde_json::to_vec(&manifest).unwrap()));
    let mut b = tar::Builder::new(Vec::new());
    for (name, body) in &files {
        b.append_data(&mut header(tar::EntryType::Regular, body.len() as u64), name, &body[..]).unwrap();
    }
    b.into_inner().unwrap()
}

#[test]
fn almalinux_image_with_an_rpm_database_behind_the_symlink() {
    let db = std::fs::read(shared().join("fixtures/rpmdb/bdb-rhel8-libuuid/Packages")).unwrap();
    let os_release = b"NAME=\"AlmaLinux\"\nID=\"almalinux\"\nVERSION_ID=\"8.8\"\nPRETTY_NAME=\"AlmaLinux 8.8\"\n";
    // Layer 0: the layout of rpm >= 4.16 with the compatibility symlink.
    let base = tar_of(&[
        Entry::Dir("usr/lib/sysimage/rpm/"),
        Entry::Dir("var/lib/"),
        Entry::Symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm"),
        Entry::File("etc/os-release", os_release),
    ]);
    // Layer 1 writes the database through the symlink.
    let install = tar_of(&[Entry::File("var/lib/rpm/Packages", &db)]);
    let archive = docker_archive(&[base, install]);
    let report =
        airlock::scan_image(std::io::Cursor::new(archive), snapshot(), &ScanOptions::default(), &mut |_| {}).unwrap();

    assert_eq!(report.image.os.as_ref().map(|o| o.id.as_str()), Some("almalinux"));
    assert_eq!(report.packages.len(), 1, "{:?}", report.packages);
    let uuid = &report.packages[0];
    assert_eq!((uuid.name.as_str(), uuid.version.as_str()), ("libuuid", "2.32.1-42.el8_8"));
    assert_eq!(
        uuid.purl,
        "pkg:rpm/almalinux/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=almalinux-8.8&upstream=util-linux-2.32.1-42.el8_8.src.rpm"
    );
    assert_eq!(uuid.layer_index, Some(1));
    // almalinux-osv advisories/almalinux8/ALSA-2026:1852.json: "Moderate: util-linux
    // security update", libuuid fixed in 2.32.1-48.el8_10, related CVE-2025-14104.
    // (ALBA-2022:2100, a bug-fix erratum, is not a vulnerability.)
    let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2025-14104"]);
    let f = &report.findings[0];
    assert_eq!(f.state, FindingState::Fixed);
    assert_eq!(f.fixed_version.as_deref(), Some("2.32.1-48.el8_10"));
    assert_eq!(f.aliases, ["ALSA-2026:1852"]);
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.severity_source, SeveritySource::DistroUrgency("Moderate".into()));
}

// ---------- hand-built inventories ----------

fn package(ty: PackageType, scheme: VersionScheme, name: &str, version: &str, source: &str) -> Package {
    let v = Version::parse(scheme, version).unwrap();
    Package {
        package_type: ty,
        name: name.into(),
        version: v.clone(),
        source_name: source.into(),
        source_version: v,
        arch: None,
        purl: Purl::new(ty.as_str(), None, name, Some(version), []),
        layer: None,
        location: "test".into(),
    }
}

fn os(id: &str, version: &str, codename: Option<&str>) -> OsRelease {
    OsRelease {
        id: id.into(),
        version_id: Some(version.into()),
        version_codename: codename.map(Into::into),
        ..Default::default()
    }
}

fn find<'a>(findings: &'a [Finding], id: &str) -> &'a Finding {
    findings.iter().find(|f| f.id.as_str() == id).unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn ubuntu_packages_match_by_source_package_and_codename() {
    let libssl = package(PackageType::Deb, VersionScheme::Dpkg, "libssl3", "3.0.2-0ubuntu1.10", "openssl");
    let outcome = airlock_match::match_packages(
        std::slice::from_ref(&libssl),
        Some(&os("ubuntu", "22.04", Some("jammy"))),
        snapshot(),
    );
    // ubuntu-cve-tracker 2023/CVE-2023-3446.json: jammy openssl released 3.0.2-0ubuntu1.12,
    // priority low, NVD vector CVSS:3.1/…/A:L (5.3).
    let f = find(&outcome.findings, "CVE-2023-3446");
    assert_eq!(f.state, FindingState::Fixed);
    assert_eq!(f.fixed_version.as_ref().map(Version::raw), Some("3.0.2-0ubuntu1.12"));
    // The vendor's rating comes first (issue 6): Ubuntu says low; the NVD
    // score (5.3, medium) is listed beside it.
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(f.cvss.as_ref().map(|c| c.score), Some(5.3));
    // A version at the fix is clear of it.
    let fixed = package(PackageType::Deb, VersionScheme::Dpkg, "libssl3", "3.0.2-0ubuntu1.12", "openssl");
    let outcome = airlock_match::match_packages(&[fixed], Some(&os("ubuntu", "22.04", Some("jammy"))), snapshot());
    assert!(outcome.findings.iter().all(|f| f.id.as_str() != "CVE-2023-3446"));
    // The same CVE on trusty: "ignored" (end of standard support) → won't fix.
    let old = package(PackageType::Deb, VersionScheme::Dpkg, "libssl1.0.0", "1.0.1f-1ubuntu2.27", "openssl");
    let outcome = airlock_match::match_packages(&[old], Some(&os("ubuntu", "14.04", None)), snapshot());
    let f = find(&outcome.findings, "CVE-2023-3446");
    assert_eq!((f.state, f.fixed_version.as_ref()), (FindingState::WontFix, None));
}

#[test]
fn wolfi_packages_match_by_origin_with_the_cga_as_alias() {
    let aactl = package(PackageType::Apk, VersionScheme::Apk, "aactl", "0.4.12-r21", "aactl");
    let outcome = airlock_match::match_packages(&[aactl], Some(&os("wolfi", "20230201", None)), snapshot());
    // wolfi aactl.advisories.yaml: CGA-296v-fx37-w4p4 (CVE-2024-45341, GHSA-3f6r-qh9c-x6mm),
    // latest event `fixed` 0.4.12-r22.
    let f = find(&outcome.findings, "CVE-2024-45341");
    assert_eq!(f.state, FindingState::Fixed);
    assert_eq!(f.fixed_version.as_ref().map(Version::raw), Some("0.4.12-r22"));
    let aliases: Vec<&str> = f.aliases.iter().map(|a| a.as_str()).collect();
    assert_eq!(aliases, ["CGA-296v-fx37-w4p4", "GHSA-3f6r-qh9c-x6mm"]);
}

#[test]
fn rocky_and_red_hat_packages_match_by_binary_name() {
    let rpm = |name: &str, v: &str, src: &str| package(PackageType::Rpm, VersionScheme::Rpm, name, v, src);
    // rocky-osv RLSA/2023/RLSA-2023:0005.json: "Important: bcel security update",
    // Rocky Linux:9 bcel fixed in 0:6.4.1-9.el9_1, CVE-2022-42920, CVSS 3.1 8.1.
    let bcel = rpm("bcel", "6.4.1-9.el9", "bcel");
    let outcome = airlock_match::match_packages(&[bcel], Some(&os("rocky", "9.1", None)), snapshot());
    let f = find(&outcome.findings, "CVE-2022-42920");
    assert_eq!(f.fixed_version.as_ref().map(Version::raw), Some("6.4.1-9.el9_1"));
    assert!(f.aliases.iter().any(|a| a.as_str() == "RLSA-2023:0005"), "{:?}", f.aliases);
    assert_eq!(f.severity, Severity::High);

    // redhat-osv RHSA/2024/RHSA-2024:0001.json: enterprise_linux:9::appstream thunderbird
    // fixed in 0:115.6.0-1.el9_3, related CVE-2023-6856 and ten more.
    // The binary name is matched, not the source rpm.
    let thunderbird = rpm("thunderbird", "115.5.0-1.el9_3", "thunderbird-src-does-not-matter");
    let outcome = airlock_match::match_packages(&[thunderbird], Some(&os("rhel", "9.3", None)), snapshot());
    let f = find(&outcome.findings, "CVE-2023-6856");
    assert_eq!(f.fixed_version.as_ref().map(Version::raw), Some("115.6.0-1.el9_3"));
    assert!(f.aliases.iter().any(|a| a.as_str() == "RHSA-2024:0001"), "{:?}", f.aliases);
}

#[test]
fn amazon_linux_is_detected_but_has_no_advisories() {
    let rpm = package(PackageType::Rpm, VersionScheme::Rpm, "bash", "5.2.15-1.amzn2023", "bash");
    let outcome = airlock_match::match_packages(&[rpm], Some(&os("amzn", "2023", None)), snapshot());
    assert!(outcome.findings.is_empty());
    assert!(outcome.notes.iter().any(|n| n.contains("Amazon Linux:2023")), "{:?}", outcome.notes);
}
