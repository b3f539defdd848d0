//! The Ubuntu, Wolfi, AlmaLinux, Rocky and Red Hat ingesters on the real
//! archives: records looked up by hand (`tar --zstd -xOf … | python3 -m
//! json.tool`) and the per-source counts.

use std::path::PathBuf;
use std::sync::OnceLock;

use airlock_db::build::{BuildOptions, BuildOutcome, build_snapshot_with};
use airlock_db::{DistroState, Snapshot};
use airlock_types::{Ecosystem, EcosystemKind};

fn advisories_dir() -> PathBuf {
    let shared = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("advisories");
    assert!(dir.join("ubuntu-cve-tracker-json.tar.zst").is_file(), "shared advisories missing at {}", dir.display());
    dir
}

fn outcome() -> &'static BuildOutcome {
    static OUTCOME: OnceLock<BuildOutcome> = OnceLock::new();
    OUTCOME.get_or_init(|| {
        let options = BuildOptions { built_at: Some("2025-03-01T00:00:00Z".into()), alpine_osv: false };
        build_snapshot_with(&advisories_dir(), &options, &mut |_| {}).expect("build")
    })
}

fn snapshot() -> &'static Snapshot {
    &outcome().snapshot
}

/// (state, first fixed version, urgency) of `id`'s entry for a package.
fn entry(ecosystem: &Ecosystem, name: &str, id: &str) -> (DistroState, Option<String>, Option<String>) {
    let s = snapshot();
    let a = s
        .lookup(ecosystem, name)
        .iter()
        .find(|a| s.advisory(a).is_some_and(|adv| adv.id.as_str() == id))
        .unwrap_or_else(|| panic!("{ecosystem} {name}: no entry for {id}"));
    let fixed = a.ranges.iter().find_map(|r| r.fixed.as_ref()).map(|v| v.raw().to_owned());
    (a.state, fixed, a.urgency.clone())
}

fn rpm(kind: EcosystemKind, major: &str) -> Ecosystem {
    Ecosystem::rpm_distro(kind, major)
}

#[test]
fn ubuntu_tracker_states_by_codename() {
    // 2023/CVE-2023-3446.json, priority low.
    let jammy = Ecosystem::ubuntu("jammy");
    let low = Some("low".to_owned());
    assert_eq!(
        entry(&jammy, "openssl", "CVE-2023-3446"),
        (DistroState::Fixed, Some("3.0.2-0ubuntu1.12".into()), low.clone())
    );
    assert_eq!(entry(&jammy, "edk2", "CVE-2023-3446"), (DistroState::Unfixed, None, low.clone()));
    assert_eq!(entry(&Ecosystem::ubuntu("trusty"), "openssl", "CVE-2023-3446"), (DistroState::WontFix, None, low));
    // noble openssl is "not-affected" (3.0.10-1ubuntu2): not stored; openssl1.0 is DNE.
    let s = snapshot();
    let has = |eco: &Ecosystem, name: &str| {
        s.lookup(eco, name).iter().any(|a| s.advisory(a).is_some_and(|adv| adv.id.as_str() == "CVE-2023-3446"))
    };
    assert!(!has(&Ecosystem::ubuntu("noble"), "openssl"));
    assert!(!has(&jammy, "openssl1.0"));
    // ESM streams and interim releases are left out.
    assert!(s.affected.keys().all(|k| {
        k.ecosystem.kind != EcosystemKind::Ubuntu
            || ["trusty", "xenial", "bionic", "focal", "jammy", "noble"]
                .contains(&k.ecosystem.release.as_deref().unwrap_or(""))
    }));
    // The NVD vector is kept on the advisory.
    let cve = s.advisories.iter().find(|a| a.id.as_str() == "CVE-2023-3446").unwrap();
    assert!(cve.cvss.iter().any(|c| c.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"), "{:?}", cve.cvss);
}

#[test]
fn wolfi_state_comes_from_the_latest_event() {
    // aactl.advisories.yaml: CGA-296v-fx37-w4p4, detection then fixed 0.4.12-r22.
    assert_eq!(
        entry(&Ecosystem::wolfi(), "aactl", "CGA-296v-fx37-w4p4"),
        (DistroState::Fixed, Some("0.4.12-r22".into()), None)
    );
    let s = snapshot();
    let cga = s.advisories.iter().find(|a| a.id.as_str() == "CGA-296v-fx37-w4p4").unwrap();
    let aliases: Vec<&str> = cga.aliases.iter().map(|a| a.as_str()).collect();
    assert_eq!(aliases, ["CVE-2024-45341", "GHSA-3f6r-qh9c-x6mm"]);
    let info = s.info();
    let wolfi = info.by_ecosystem.iter().find(|c| c.ecosystem == Ecosystem::wolfi()).unwrap();
    assert!(wolfi.fixed > 10_000 && wolfi.wont_fix > 0 && wolfi.not_affected > 0 && wolfi.unfixed > 0, "{wolfi:?}");
}

#[test]
fn alma_rocky_and_red_hat_records_with_vendor_ratings() {
    // almalinux-osv advisories/almalinux9/ALSA-2022:4587.json: "Important: pcs security update".
    assert_eq!(
        entry(&rpm(EcosystemKind::AlmaLinux, "9"), "pcs", "ALSA-2022:4587"),
        (DistroState::Fixed, Some("0.11.1-10.el9".into()), Some("Important".into()))
    );
    // rocky-osv RLSA/2023/RLSA-2023:0005.json: bcel fixed in 0:6.4.1-9.el9_1 (the zero epoch is dropped).
    assert_eq!(
        entry(&rpm(EcosystemKind::Rocky, "9"), "bcel", "RLSA-2023:0005"),
        (DistroState::Fixed, Some("6.4.1-9.el9_1".into()), Some("Important".into()))
    );
    // redhat-osv RHSA/2024/RHSA-2024:0001.json: enterprise_linux:9::appstream, classification #important.
    assert_eq!(
        entry(&rpm(EcosystemKind::RedHat, "9"), "thunderbird", "RHSA-2024:0001"),
        (DistroState::Fixed, Some("115.6.0-1.el9_3".into()), Some("Important".into()))
    );
    // Bug-fix errata are not in the snapshot.
    assert!(
        !snapshot().advisories.iter().any(|a| a.id.as_str().starts_with("ALBA-") || a.id.as_str().starts_with("RHBA-"))
    );
}

#[test]
fn every_source_is_counted() {
    let sources = &outcome().summary.sources;
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "debian-osv",
            "alpine-secdb",
            "ubuntu-cve-tracker",
            "wolfi-advisories",
            "almalinux-osv",
            "rocky-osv",
            "redhat-osv",
            "ghsa",
            "pypa",
            "go-vulndb",
            "rustsec"
        ]
    );
    let by = |n: &str| sources.iter().find(|s| s.name == n).unwrap();
    // SOURCES.md: 51,478 CVE files; 1,278 package files; ALSA 4,480; RLSA+RXSA 1,491; RHSA 14,817.
    assert_eq!(by("ubuntu-cve-tracker").records + by("ubuntu-cve-tracker").skipped_records, 51_478);
    assert_eq!(by("almalinux-osv").records, 4_480);
    assert_eq!(by("rocky-osv").records, 1_491);
    assert_eq!(by("redhat-osv").records, 14_817);
    for s in sources {
        assert!(s.affected > 0, "{}", s.name);
    }
    let info = snapshot().info();
    let shown = info.to_string();
    for name in ["ubuntu-cve-tracker", "wolfi-advisories", "almalinux-osv", "rocky-osv", "redhat-osv"] {
        assert!(shown.contains(name), "db info lists {name}");
    }
}
