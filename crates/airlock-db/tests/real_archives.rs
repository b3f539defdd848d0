//! Builds a snapshot from the real archives in the shared folder once and
//! checks values looked up by hand in the data (`tar --zstd -xOf … | python3
//! -m json.tool`).

use std::path::PathBuf;
use std::sync::OnceLock;

use airlock_db::build::{BuildOptions, BuildOutcome, build_snapshot_with};
use airlock_db::{DbError, DistroState, FORMAT_VERSION, MAGIC, Snapshot};
use airlock_types::{Ecosystem, EcosystemKind};

const BUILT_AT: &str = "2025-03-01T00:00:00Z";

fn advisories_dir() -> PathBuf {
    let shared = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("advisories");
    assert!(
        dir.join("debian-osv.tar.zst").is_file(),
        "shared advisories not found at {}; set AIRLOCK_SHARED to the folder holding advisories/",
        dir.display()
    );
    dir
}

fn options() -> BuildOptions {
    BuildOptions { built_at: Some(BUILT_AT.into()), alpine_osv: true }
}

/// The snapshot, built once for all tests of this file.
fn outcome() -> &'static BuildOutcome {
    static OUTCOME: OnceLock<BuildOutcome> = OnceLock::new();
    OUTCOME.get_or_init(|| match build_snapshot_with(&advisories_dir(), &options(), &mut |_| {}) {
        Ok(o) => o,
        Err(e) => panic!("building from the shared archives failed: {e}"),
    })
}

fn snapshot() -> &'static Snapshot {
    &outcome().snapshot
}

/// (advisory id, state, first fixed version, urgency) of a package's entries.
fn entries(ecosystem: &Ecosystem, name: &str) -> Vec<(String, DistroState, Option<String>, Option<String>)> {
    let s = snapshot();
    s.lookup(ecosystem, name)
        .iter()
        .map(|a| {
            let id = s.advisory(a).map(|adv| adv.id.to_string()).unwrap_or_default();
            let fixed = a.ranges.iter().find_map(|r| r.fixed.as_ref()).map(|v| v.raw().to_owned());
            (id, a.state, fixed, a.urgency.clone())
        })
        .collect()
}

fn find(
    list: &[(String, DistroState, Option<String>, Option<String>)],
    id: &str,
) -> (DistroState, Option<String>, Option<String>) {
    let found = list.iter().find(|e| e.0 == id).unwrap_or_else(|| panic!("{id} missing"));
    (found.1, found.2.clone(), found.3.clone())
}

#[test]
fn alpine_3_16_busybox_matches_the_secdb() {
    // alpine-secdb/3.16/main.json, package busybox: 10 secfixes keys, 25 ids.
    let busybox = entries(&Ecosystem::alpine("v3.16"), "busybox");
    assert_eq!(busybox.len(), 25, "{busybox:?}");
    for id in ["CVE-2021-42373", "CVE-2021-42376", "CVE-2021-42377"] {
        assert_eq!(find(&busybox, id), (DistroState::NotAffected, None, None), "{id} is under key \"0\"");
    }
    let fixed = |id: &str, v: &str| assert_eq!(find(&busybox, id), (DistroState::Fixed, Some(v.to_owned()), None));
    fixed("CVE-2017-16544", "1.27.2-r4");
    fixed("CVE-2018-1000500", "1.28.3-r2");
    fixed("CVE-2021-42386", "1.34.0-r0");
    fixed("CVE-2022-28391", "1.35.0-r7");
    fixed("ALPINE-13661", "1.35.0-r7");
    fixed("CVE-2023-42366", "1.35.0-r18");
    // Every Fixed entry is one range `< fixed` from the start.
    for a in snapshot().lookup(&Ecosystem::alpine("v3.16"), "busybox") {
        match a.state {
            DistroState::Fixed => assert!(a.ranges.len() == 1 && a.ranges[0].introduced.is_none()),
            _ => assert!(a.ranges.is_empty()),
        }
    }
}

#[test]
fn alpine_findings_share_the_debian_cve_record_and_its_cvss() {
    let s = snapshot();
    let busybox = s.lookup(&Ecosystem::alpine("3.16"), "busybox");
    let cve = busybox
        .iter()
        .filter_map(|a| s.advisory(a))
        .find(|adv| adv.id.as_str() == "CVE-2022-28391")
        .expect("CVE-2022-28391 for busybox");
    // debian-osv/CVE/2022/CVE-2022-28391.json severity[0].
    assert_eq!(cve.cvss.len(), 1);
    assert_eq!(cve.cvss[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H");
    assert_eq!(s.advisories.iter().filter(|a| a.id.as_str() == "CVE-2022-28391").count(), 1, "one advisory per id");
}

#[test]
fn debian_12_openssl_fixed_unfixed_and_urgency() {
    let openssl = entries(&Ecosystem::debian("12"), "openssl");
    assert_eq!(
        find(&openssl, "CVE-2023-0464"),
        (DistroState::Fixed, Some("3.0.9-1".into()), Some("not yet assigned".into()))
    );
    assert_eq!(
        find(&openssl, "CVE-2024-2511"),
        (DistroState::Fixed, Some("3.0.14-1~deb12u1".into()), Some("not yet assigned".into()))
    );
    assert_eq!(find(&openssl, "CVE-2010-0928"), (DistroState::Unfixed, None, Some("unimportant".into())));
    assert_eq!(find(&openssl, "CVE-2024-13176"), (DistroState::Unfixed, None, Some("not yet assigned".into())));
    // DSA-5532-1 repeats CVE-2023-5363's bookworm fix; both are kept for the matcher to merge.
    assert_eq!(find(&openssl, "CVE-2023-5363").1.as_deref(), Some("3.0.11-1~deb12u2"));
    assert_eq!(find(&openssl, "DSA-5532-1"), (DistroState::Fixed, Some("3.0.11-1~deb12u2".into()), None));
    let s = snapshot();
    let cve = s.advisories.iter().find(|a| a.id.as_str() == "CVE-2023-5363").unwrap();
    assert!(cve.related.iter().any(|r| r.as_str() == "DSA-5532-1"), "{:?}", cve.related);
    let cve = s.advisories.iter().find(|a| a.id.as_str() == "CVE-2023-0464").unwrap();
    assert_eq!(cve.cvss[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H");
    assert_eq!(cve.published.as_deref(), Some("2023-03-22T17:15:13Z"));
}

#[test]
fn debian_urgency_epochs_and_old_release_notices() {
    // debian-osv/CVE/2002/CVE-2002-0639.json: Debian:12 openssh, urgency high, fixed 1:3.4.
    let openssh = entries(&Ecosystem::debian("12"), "openssh");
    assert_eq!(find(&openssh, "CVE-2002-0639"), (DistroState::Fixed, Some("1:3.4".into()), Some("high".into())));
    // debian-osv/DLA/2024/DLA-3706-1.json: buster has only DLA data.
    let netatalk = entries(&Ecosystem::debian("10"), "netatalk");
    assert_eq!(find(&netatalk, "DLA-3706-1"), (DistroState::Fixed, Some("3.1.12~ds-3+deb10u5".into()), None));
    let dla = snapshot().advisories.iter().find(|a| a.id.as_str() == "DLA-3706-1").unwrap();
    assert_eq!(dla.summary.as_deref(), Some("netatalk - security update"));
    assert_eq!(dla.related.iter().map(|r| r.as_str()).collect::<Vec<_>>(), ["CVE-2022-22995"]);
    // The Alpine entries of Debian CVE records add nothing: every Alpine entry comes from the secdb.
    let outcome = outcome();
    let alpine = outcome.snapshot.info().by_kind.iter().find(|(k, _)| *k == EcosystemKind::Alpine).map(|(_, n)| *n);
    assert_eq!(alpine, Some(outcome.summary.sources[1].affected));
    let debian = outcome.snapshot.info().by_kind.iter().find(|(k, _)| *k == EcosystemKind::Debian).map(|(_, n)| *n);
    assert_eq!(debian, Some(outcome.summary.sources[0].affected));
    assert_eq!(outcome.summary.sources[2].affected, 0, "alpine-osv only enriches");
}

#[test]
fn sources_counts_and_skips_are_reported() {
    let outcome = outcome();
    let s = &outcome.snapshot;
    let names: Vec<_> = s.sources.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["debian-osv", "alpine-secdb", "alpine-osv", "ghsa", "pypa", "go-vulndb", "rustsec"]);
    let debian = &s.sources[0];
    assert_eq!(debian.commit, "af8e56d33fa6c3acfb78435cf3cec0d9dbbff7bc");
    assert_eq!(debian.repo, "vulsio/vuls-data-raw-debian-osv");
    assert_eq!(debian.date, "2025-02-12T18:06:49Z");
    // SOURCES.md: 44,181 records; every one parses as JSON.
    assert_eq!(debian.records + outcome.summary.sources[0].skipped_records, 44_181);
    assert_eq!(outcome.summary.sources[0].files, 44_182, "records plus _source.txt");
    // SOURCES.md: 8,000 package entries in 41 files; edge's are left out, not skipped.
    let secdb = &outcome.summary.sources[1];
    let edge = secdb.ignored.iter().find(|(r, _)| r.contains("edge")).map_or(0, |(_, n)| *n);
    assert!(edge > 0);
    assert_eq!(secdb.records + secdb.skipped_records + edge, 8_000);
    assert_eq!(secdb.files, 42);
    assert!(s.sources[1].licence.contains("Alpine secdb"));
    // Skips: the snapshot's counts agree with the summary, and examples are bounded.
    for (info, summary) in s.sources.iter().zip(&outcome.summary.sources) {
        assert_eq!(info.skipped, summary.skipped_records + summary.skipped_entries, "{}", info.name);
        assert_eq!(info.records, summary.records);
        assert!(summary.skip_examples.len() as u64 <= summary.skipped().min(5));
    }
    let examples: Vec<String> = outcome.summary.sources.iter().flat_map(|x| x.skip_examples.clone()).collect();
    assert_eq!(s.stats.skipped_examples, examples);
    // Totals match the snapshot itself.
    assert_eq!(outcome.summary.advisories, s.advisories.len() as u64);
    assert_eq!(outcome.summary.affected, s.affected.values().map(|v| v.len() as u64).sum::<u64>());
    let info = s.info();
    assert_eq!(info.affected, outcome.summary.affected);
    let bookworm = info.by_ecosystem.iter().find(|c| c.ecosystem == Ecosystem::debian("12")).unwrap();
    assert!(bookworm.unfixed > 0 && bookworm.fixed > bookworm.unfixed);
    assert!(info.to_string().contains("af8e56d33fa6"));
}

#[test]
fn every_entry_points_at_an_advisory_and_advisories_are_sorted_and_used() {
    let s = snapshot();
    let mut used = vec![false; s.advisories.len()];
    for entries in s.affected.values() {
        assert!(entries.windows(2).all(|w| w[0].advisory < w[1].advisory), "sorted, one entry per advisory");
        for a in entries {
            assert!(s.advisory(a).is_some());
            used[a.advisory as usize] = true;
        }
    }
    assert!(used.iter().all(|u| *u), "no unreferenced advisories");
    assert!(s.advisories.windows(2).all(|w| w[0].id < w[1].id), "sorted by id, no duplicates");
}

#[test]
fn round_trips_and_is_deterministic() {
    let s = snapshot();
    let bytes = s.to_bytes();
    assert_eq!(&bytes[..8], &MAGIC);
    let decoded = Snapshot::from_bytes(&bytes).unwrap();
    assert_eq!(&decoded, s);
    let again = build_snapshot_with(&advisories_dir(), &options(), &mut |_| {}).unwrap();
    assert!(again.snapshot.to_bytes() == bytes, "same input, same bytes");
}

#[test]
fn damaged_snapshots_are_rejected_with_the_right_error() {
    let bytes = snapshot().to_bytes();
    let truncated = &bytes[..bytes.len() / 2];
    assert!(matches!(Snapshot::from_bytes(truncated), Err(DbError::Corrupt(_))));
    assert!(matches!(Snapshot::from_bytes(&bytes[..10]), Err(DbError::Corrupt(_))));
    let mut bad_magic = bytes.clone();
    bad_magic[0] = b'X';
    assert!(matches!(Snapshot::from_bytes(&bad_magic), Err(DbError::BadMagic)));
    let mut newer = bytes;
    newer[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    match Snapshot::from_bytes(&newer) {
        Err(DbError::UnsupportedVersion { found, expected }) => {
            assert_eq!((found, expected), (FORMAT_VERSION + 1, FORMAT_VERSION));
        }
        other => panic!("expected UnsupportedVersion, got {other:?}"),
    }
}
