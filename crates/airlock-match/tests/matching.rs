//! End-to-end matching against hand-built snapshots.

use airlock_db::{Advisory, Affected, CvssVector, DistroState, PackageKey, Range, Snapshot};
use airlock_match::{MatchOutcome, match_packages};
use airlock_types::{
    AdvisoryId, Ecosystem, FindingState, OsRelease, Package, PackageType, Purl, Severity, SeveritySource,
};
use airlock_version::{Version, VersionScheme};

const CRITICAL_VECTOR: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

fn ver(scheme: VersionScheme, s: &str) -> Version {
    Version::parse(scheme, s).unwrap()
}

fn deb(name: &str, version: &str, source: &str, source_version: &str) -> Package {
    package(PackageType::Deb, VersionScheme::Dpkg, name, version, source, source_version)
}

fn apk(name: &str, version: &str, origin: &str) -> Package {
    package(PackageType::Apk, VersionScheme::Apk, name, version, origin, version)
}

fn package(ty: PackageType, scheme: VersionScheme, name: &str, v: &str, source: &str, source_v: &str) -> Package {
    Package {
        package_type: ty,
        name: name.into(),
        version: ver(scheme, v),
        source_name: source.into(),
        source_version: ver(scheme, source_v),
        arch: None,
        purl: Purl::new(ty.as_str(), None, name, Some(v), []),
        layer: None,
        location: "test".into(),
    }
}

fn os(id: &str, version: &str) -> OsRelease {
    OsRelease { id: id.into(), version_id: Some(version.into()), ..Default::default() }
}

fn advisory(id: &str, related: &[&str], vectors: &[&str]) -> Advisory {
    Advisory {
        id: AdvisoryId::new(id),
        aliases: Vec::new(),
        related: related.iter().map(|r| AdvisoryId::new(r)).collect(),
        summary: Some(format!("summary of {id}")),
        published: None,
        cvss: vectors.iter().map(|v| CvssVector { vector: (*v).into() }).collect(),
    }
}

/// Builds snapshots record by record.
#[derive(Default)]
struct Builder {
    snapshot: Snapshot,
}

impl Builder {
    fn advisory(mut self, advisory: Advisory) -> Self {
        self.snapshot.advisories.push(advisory);
        self
    }

    fn record(
        mut self,
        ecosystem: Ecosystem,
        package: &str,
        advisory_id: &str,
        state: DistroState,
        ranges: Vec<Range>,
        urgency: Option<&str>,
    ) -> Self {
        let index = self.snapshot.advisories.iter().position(|a| a.id.as_str() == advisory_id).unwrap();
        let key = PackageKey { ecosystem, name: package.into() };
        self.snapshot.affected.entry(key).or_default().push(Affected {
            advisory: u32::try_from(index).unwrap(),
            state,
            ranges,
            urgency: urgency.map(str::to_owned),
        });
        self
    }
}

fn fixed(scheme: VersionScheme, v: &str) -> Range {
    Range { introduced: None, fixed: Some(ver(scheme, v)), last_affected: None }
}

fn ids(outcome: &MatchOutcome) -> Vec<(usize, &str)> {
    outcome.findings.iter().map(|f| (f.package_index, f.id.as_str())).collect()
}

const DPKG: VersionScheme = VersionScheme::Dpkg;
const APK: VersionScheme = VersionScheme::Apk;

#[test]
fn binary_package_matches_through_its_source_package() {
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0001", &[], &[]))
        .record(
            Ecosystem::debian("12"),
            "openssl",
            "CVE-2024-0001",
            DistroState::Fixed,
            vec![fixed(DPKG, "3.0.13-1~deb12u1")],
            Some("medium"),
        )
        .snapshot;
    let packages = [
        deb("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
        deb("openssl", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
        deb("zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1"),
    ];
    let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
    assert_eq!(ids(&outcome), [(0, "CVE-2024-0001"), (1, "CVE-2024-0001")]);
    let f = &outcome.findings[0];
    assert_eq!(f.state, FindingState::Fixed);
    assert_eq!(f.fixed_version.as_ref().map(Version::raw), Some("3.0.13-1~deb12u1"));
    assert_eq!(f.affected_range, "< 3.0.13-1~deb12u1");
    assert_eq!((f.severity, &f.severity_source), (Severity::Medium, &SeveritySource::DistroUrgency("medium".into())));
    assert_eq!(f.summary.as_deref(), Some("summary of CVE-2024-0001"));
    assert!(outcome.notes.is_empty(), "{:?}", outcome.notes);
}

#[test]
fn source_version_decides_for_binnmu_and_epoch_binaries() {
    // binNMU: the binary is 2.9.14+dfsg-1.3+b1, the source 2.9.14+dfsg-1.3,
    // which is the last affected source version.
    // Epoch: libgcc-s1 carries an epoch its source gcc-12 does not have.
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0002", &[], &[]))
        .advisory(advisory("CVE-2024-0003", &[], &[]))
        .record(
            Ecosystem::debian("12"),
            "libxml2",
            "CVE-2024-0002",
            DistroState::Fixed,
            vec![Range { introduced: None, fixed: None, last_affected: Some(ver(DPKG, "2.9.14+dfsg-1.3")) }],
            None,
        )
        .record(
            Ecosystem::debian("12"),
            "gcc-12",
            "CVE-2024-0003",
            DistroState::Fixed,
            vec![fixed(DPKG, "12.2.0-15")],
            None,
        )
        .snapshot;
    let packages = [
        deb("libxml2", "2.9.14+dfsg-1.3+b1", "libxml2", "2.9.14+dfsg-1.3"),
        deb("libgcc-s1", "1:12.2.0-14", "gcc-12", "12.2.0-14"),
    ];
    let outcome = match_packages(&packages, Some(&os("debian", "12.5")), &snapshot);
    assert_eq!(ids(&outcome), [(0, "CVE-2024-0002"), (1, "CVE-2024-0003")]);
    assert_eq!(outcome.findings[0].affected_range, "<= 2.9.14+dfsg-1.3 (no fix yet)");
    assert_eq!(outcome.findings[0].state, FindingState::Unfixed);
    assert_eq!(outcome.findings[1].fixed_version.as_ref().map(Version::raw), Some("12.2.0-15"));
}

#[test]
fn unfixed_record_gives_unfixed_finding() {
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0004", &[], &[]))
        .record(Ecosystem::debian("12"), "glibc", "CVE-2024-0004", DistroState::Unfixed, vec![], Some("unimportant"))
        .snapshot;
    let packages = [deb("libc6", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4")];
    let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
    let f = &outcome.findings[..];
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].state, f[0].fixed_version.as_ref()), (FindingState::Unfixed, None));
    assert_eq!(f[0].affected_range, "all versions (no fix yet)");
    assert_eq!(
        (f[0].severity, &f[0].severity_source),
        (Severity::Low, &SeveritySource::DistroUrgency("unimportant".into()))
    );
}

#[test]
fn installed_version_at_or_above_the_fix_is_not_reported() {
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0005", &[], &[]))
        .record(
            Ecosystem::debian("12"),
            "curl",
            "CVE-2024-0005",
            DistroState::Fixed,
            vec![fixed(DPKG, "7.88.1-10+deb12u5")],
            Some("high"),
        )
        .snapshot;
    for installed in ["7.88.1-10+deb12u5", "7.88.1-10+deb12u8"] {
        let packages = [deb("curl", installed, "curl", installed)];
        let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
        assert_eq!(outcome, MatchOutcome::default(), "installed {installed}");
    }
    let packages = [deb("curl", "7.88.1-10+deb12u4", "curl", "7.88.1-10+deb12u4")];
    assert_eq!(match_packages(&packages, Some(&os("debian", "12")), &snapshot).findings.len(), 1);
}

#[test]
fn dsa_and_cve_records_merge_into_one_finding() {
    // DSA-5600-1 lists two CVEs. CVE-2024-0010's own record matches;
    // CVE-2024-0011's own record says the installed version is already fixed,
    // so the DSA does not revive it.
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0010", &[], &[CRITICAL_VECTOR]))
        .advisory(advisory("CVE-2024-0011", &[], &[]))
        .advisory(advisory("DSA-5600-1", &["CVE-2024-0010", "CVE-2024-0011"], &[]))
        .advisory(advisory("DLA-3700-1", &["CVE-2024-0010"], &[]))
        .record(
            Ecosystem::debian("12"),
            "openssl",
            "CVE-2024-0010",
            DistroState::Fixed,
            vec![fixed(DPKG, "3.0.13-1~deb12u1")],
            Some("unimportant"),
        )
        .record(
            Ecosystem::debian("12"),
            "openssl",
            "CVE-2024-0011",
            DistroState::Fixed,
            vec![fixed(DPKG, "3.0.10-1")],
            None,
        )
        .record(
            Ecosystem::debian("12"),
            "openssl",
            "DSA-5600-1",
            DistroState::Fixed,
            vec![fixed(DPKG, "3.0.12-1~deb12u1")],
            None,
        )
        .record(Ecosystem::debian("12"), "openssl", "DLA-3700-1", DistroState::Unfixed, vec![], None)
        .snapshot;
    let packages = [deb("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2")];
    let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
    assert_eq!(ids(&outcome), [(0, "CVE-2024-0010")]);
    let f = &outcome.findings[0];
    let aliases: Vec<&str> = f.aliases.iter().map(AdvisoryId::as_str).collect();
    assert_eq!(aliases, ["DLA-3700-1", "DSA-5600-1"]);
    // The DSA's fix is the smallest above the installed version.
    assert_eq!((f.state, f.fixed_version.as_ref().map(Version::raw)), (FindingState::Fixed, Some("3.0.12-1~deb12u1")));
    assert_eq!(f.affected_range, "< 3.0.12-1~deb12u1");
    // Debian's own rating decides (vendor first); the CVSS score sits beside it.
    assert_eq!((f.severity, &f.severity_source), (Severity::Low, &SeveritySource::DistroUrgency("unimportant".into())));
    let cvss = f.cvss.as_ref().unwrap();
    assert_eq!((cvss.version.as_str(), cvss.vector.as_str(), cvss.score), ("3.1", CRITICAL_VECTOR, 9.8));
    let ratings: Vec<(&str, &str, Severity)> =
        f.ratings.iter().map(|r| (r.source.as_str(), r.method.as_str(), r.severity)).collect();
    assert_eq!(ratings, [("debian", "vendor", Severity::Low), ("CVE-2024-0010", "3.1", Severity::Critical)]);
}

#[test]
fn dsa_without_own_cve_records_yields_one_finding_per_cve() {
    let snapshot = Builder::default()
        .advisory(advisory("DSA-5601-1", &["CVE-2024-0021", "CVE-2024-0020"], &[]))
        .advisory(advisory("DTSA-99-1", &[], &[]))
        .record(
            Ecosystem::debian("12"),
            "nginx",
            "DSA-5601-1",
            DistroState::Fixed,
            vec![fixed(DPKG, "1.22.1-9+deb12u1")],
            None,
        )
        .record(
            Ecosystem::debian("12"),
            "nginx",
            "DTSA-99-1",
            DistroState::Fixed,
            vec![fixed(DPKG, "1.22.1-9+deb12u2")],
            None,
        )
        .snapshot;
    let packages = [deb("nginx", "1.22.1-9", "nginx", "1.22.1-9")];
    let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
    assert_eq!(ids(&outcome), [(0, "CVE-2024-0020"), (0, "CVE-2024-0021"), (0, "DTSA-99-1")]);
    for f in &outcome.findings[..2] {
        assert_eq!(f.aliases, [AdvisoryId::new("DSA-5601-1")]);
        assert_eq!((f.severity, &f.severity_source), (Severity::Unspecified, &SeveritySource::None));
    }
    assert!(outcome.findings[2].aliases.is_empty());
}

#[test]
fn alpine_unsorted_fix_keys_pick_the_fix_above_the_installed_version() {
    let alpine = || Ecosystem::alpine("3.16");
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2022-0018", &[], &[]))
        .advisory(advisory("CVE-2022-0007", &[], &[]))
        .advisory(advisory("CVE-2022-0099", &[], &[]))
        .record(alpine(), "busybox", "CVE-2022-0018", DistroState::Fixed, vec![fixed(APK, "1.35.0-r18")], None)
        .record(alpine(), "busybox", "CVE-2022-0007", DistroState::Fixed, vec![fixed(APK, "1.35.0-r7")], None)
        // The same CVE under two secdb keys, unsorted.
        .record(
            alpine(),
            "busybox",
            "CVE-2022-0099",
            DistroState::Fixed,
            vec![fixed(APK, "1.35.0-r18"), fixed(APK, "1.35.0-r7")],
            None,
        )
        .snapshot;
    let packages = [apk("busybox", "1.35.0-r17", "busybox"), apk("ssl_client", "1.35.0-r17", "busybox")];
    let outcome = match_packages(&packages, Some(&os("alpine", "3.16.9")), &snapshot);
    assert_eq!(ids(&outcome), [(0, "CVE-2022-0018"), (0, "CVE-2022-0099"), (1, "CVE-2022-0018"), (1, "CVE-2022-0099")]);
    for f in &outcome.findings {
        assert_eq!(f.fixed_version.as_ref().map(Version::raw), Some("1.35.0-r18"));
        assert_eq!(f.affected_range, "< 1.35.0-r18");
    }
}

#[test]
fn alpine_not_affected_suppresses_other_records_of_the_same_cve() {
    let alpine = || Ecosystem::alpine("3.16");
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2022-0200", &[], &[CRITICAL_VECTOR]))
        .advisory(advisory("CVE-2022-0201", &[], &[]))
        .record(alpine(), "openssl", "CVE-2022-0200", DistroState::NotAffected, vec![], None)
        .record(alpine(), "openssl", "CVE-2022-0200", DistroState::Fixed, vec![fixed(APK, "3.0.8-r0")], None)
        .record(alpine(), "openssl", "CVE-2022-0201", DistroState::Fixed, vec![fixed(APK, "3.0.8-r0")], None)
        .snapshot;
    let packages = [apk("libcrypto3", "3.0.7-r0", "openssl")];
    let outcome = match_packages(&packages, Some(&os("alpine", "3.16.9")), &snapshot);
    assert_eq!(ids(&outcome), [(0, "CVE-2022-0201")]);
}

#[test]
fn other_release_data_does_not_hit() {
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0030", &[], &[]))
        .record(Ecosystem::debian("11"), "openssl", "CVE-2024-0030", DistroState::Unfixed, vec![], None)
        .record(
            Ecosystem::debian("12"),
            "zlib",
            "CVE-2024-0030",
            DistroState::Fixed,
            vec![fixed(DPKG, "1:1.2.13.dfsg-2")],
            None,
        )
        .record(Ecosystem::alpine("3.16"), "openssl", "CVE-2024-0030", DistroState::Unfixed, vec![], None)
        .snapshot;
    let packages = [deb("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2")];
    let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
    assert_eq!(outcome, MatchOutcome::default());
    let outcome = match_packages(&packages, Some(&os("debian", "13")), &snapshot);
    assert!(outcome.findings.is_empty());
    assert_eq!(
        outcome.notes,
        ["OS debian 13 has no advisories in this snapshot (Debian:13): OS packages were not matched"]
    );
}

#[test]
fn findings_sort_by_package_then_severity_then_id() {
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0040", &[], &[]))
        .advisory(advisory("CVE-2024-0041", &[], &[CRITICAL_VECTOR]))
        .advisory(advisory("CVE-2024-0039", &[], &[]))
        .record(Ecosystem::debian("12"), "tar", "CVE-2024-0040", DistroState::Unfixed, vec![], Some("low"))
        .record(Ecosystem::debian("12"), "tar", "CVE-2024-0041", DistroState::Unfixed, vec![], None)
        .record(Ecosystem::debian("12"), "tar", "CVE-2024-0039", DistroState::Unfixed, vec![], Some("low"))
        .snapshot;
    let packages = [deb("tar", "1.34+dfsg-1.2", "tar", "1.34+dfsg-1.2")];
    let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
    assert_eq!(ids(&outcome), [(0, "CVE-2024-0041"), (0, "CVE-2024-0039"), (0, "CVE-2024-0040")]);
}

#[test]
fn unmatched_inputs_leave_notes_not_panics() {
    let snapshot = Builder::default()
        .advisory(advisory("CVE-2024-0050", &[], &[]))
        .record(Ecosystem::debian("12"), "curl", "CVE-2024-0050", DistroState::Fixed, vec![fixed(APK, "8.0-r0")], None)
        .record(Ecosystem::debian("12"), "curl", "CVE-2024-0050", DistroState::Fixed, vec![], None)
        .snapshot;
    let packages = [deb("curl", "7.88.1-10", "curl", "7.88.1-10"), apk("musl", "1.2.3-r4", "musl")];
    let outcome = match_packages(&packages, None, &snapshot);
    assert_eq!(outcome.notes, ["no OS detected: OS packages were not matched"]);
    let outcome = match_packages(&packages, Some(&os("centos", "7")), &snapshot);
    assert_eq!(outcome.notes, ["OS centos 7 is not supported: OS packages were not matched"]);
    let outcome = match_packages(&packages, Some(&os("ubuntu", "22.04")), &snapshot);
    assert_eq!(
        outcome.notes,
        ["OS ubuntu 22.04 has no advisories in this snapshot (Ubuntu:jammy): OS packages were not matched"]
    );
    let outcome = match_packages(&packages, Some(&os("debian", "12")), &snapshot);
    assert!(outcome.findings.is_empty());
    assert_eq!(
        outcome.notes,
        [
            "source package curl 7.88.1-10 in Debian:12: skipped 1 advisory record(s), e.g. CVE-2024-0050: \
             cannot compare a dpkg version with a apk version",
            "1 apk package(s) do not belong to Debian:12 and were not matched",
        ]
    );
}
