//! Building a snapshot from the advisory archives (feature `build`).
//!
//! [`build_snapshot`] reads the `.tar.zst` archives of a folder directly
//! (streaming zstd → tar, nothing is unpacked to disk):
//!
//! - `debian-osv.tar.zst` (required): Debian OSV records; only `Debian:*`
//!   affected entries are kept.
//! - `alpine-secdb.tar.zst` (required): Alpine fixed versions per branch;
//!   `edge` is left out.
//! - `alpine-osv.tar.zst` (optional): fills CVSS vectors, summaries and dates
//!   of advisories the other sources already have.
//! - `ubuntu-cve-tracker-json.tar.zst`, `wolfi-advisories-yaml.tar.zst`,
//!   `almalinux-osv.tar.zst`, `rocky-osv.tar.zst`, `redhat-osv.tar.zst`
//!   (optional, read when present): the other OS distributions.
//! - Language feeds (optional, read when present; see the `language`
//!   module): `ghsa-reviewed.tar.zst`, `pypa-advisory-database.tar.zst`,
//!   `golang-vulndb-osv.tar.zst`, `rustsec-osv.tar.zst`.
//!
//! Records that cannot be parsed are counted and reported in the
//! [`BuildSummary`] and in [`BuildStats::skipped_examples`](crate::BuildStats);
//! they never abort the build. The output is deterministic: the same archives
//! and build time give byte-identical snapshots.

mod alpine_osv;
mod archive;
mod clock;
mod collect;
mod debian;
mod language;
mod osv;
mod rpm_osv;
mod secdb;
mod source_txt;
mod summary;
mod ubuntu;
mod wolfi;

use std::path::Path;
use std::time::Instant;

pub use summary::{BuildSummary, MAX_EXAMPLES, SourceSummary};

use crate::{BuildStats, DbError, Snapshot, SourceInfo};
use collect::Collector;

/// Archive of Debian OSV records.
pub const DEBIAN_OSV: &str = "debian-osv.tar.zst";
/// Archive of the Alpine secdb.
pub const ALPINE_SECDB: &str = "alpine-secdb.tar.zst";
/// Archive of Alpine OSV records (optional enrichment).
pub const ALPINE_OSV: &str = "alpine-osv.tar.zst";

/// Archive of the Ubuntu CVE tracker (optional).
pub const UBUNTU_TRACKER: &str = "ubuntu-cve-tracker-json.tar.zst";
/// Archive of Wolfi's advisory YAML (optional).
pub const WOLFI_YAML: &str = "wolfi-advisories-yaml.tar.zst";
/// Archive of AlmaLinux OSV records (optional).
pub const ALMALINUX_OSV: &str = "almalinux-osv.tar.zst";
/// Archive of Rocky Linux OSV records (optional).
pub const ROCKY_OSV: &str = "rocky-osv.tar.zst";
/// Archive of Red Hat OSV records (optional).
pub const REDHAT_OSV: &str = "redhat-osv.tar.zst";
/// Language archives read when present, with their source names and feeds.
const LANGUAGE_FEEDS: [(&str, &str, language::Feed); 4] = [
    ("ghsa-reviewed.tar.zst", "ghsa", language::Feed::Ghsa),
    ("pypa-advisory-database.tar.zst", "pypa", language::Feed::Pypa),
    ("golang-vulndb-osv.tar.zst", "go-vulndb", language::Feed::GoVulndb),
    ("rustsec-osv.tar.zst", "rustsec", language::Feed::RustSec),
];

/// Settings of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// RFC 3339 build time to record; `None` uses `SOURCE_DATE_EPOCH` or the clock.
    pub built_at: Option<String>,
    /// Read `alpine-osv.tar.zst` (if present) to enrich advisories.
    pub alpine_osv: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self { built_at: None, alpine_osv: true }
    }
}

/// A built snapshot and what the build did.
#[derive(Debug, Clone)]
pub struct BuildOutcome {
    /// The snapshot.
    pub snapshot: Snapshot,
    /// Per-source counts, skips and timings.
    pub summary: BuildSummary,
}

/// Builds a snapshot from the archives in `from_dir` with default options.
/// `progress` receives short status lines while the build runs.
pub fn build_snapshot(from_dir: &Path, progress: &mut dyn FnMut(&str)) -> Result<BuildOutcome, DbError> {
    build_snapshot_with(from_dir, &BuildOptions::default(), progress)
}

/// Builds a snapshot from the archives in `from_dir`.
pub fn build_snapshot_with(
    from_dir: &Path,
    options: &BuildOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<BuildOutcome, DbError> {
    let started = Instant::now();
    let mut collector = Collector::default();
    let mut sources: Vec<(SourceSummary, SourceInfo)> = Vec::new();

    let path = required(from_dir, DEBIAN_OSV)?;
    progress("reading debian-osv");
    sources.push(run_source("debian-osv", |s, i| debian::ingest(&path, &mut collector, s, i, progress))?);
    let path = required(from_dir, ALPINE_SECDB)?;
    progress("reading alpine-secdb");
    sources.push(run_source("alpine-secdb", |s, i| secdb::ingest(&path, &mut collector, s, i))?);
    let path = from_dir.join(ALPINE_OSV);
    if options.alpine_osv && path.is_file() {
        progress("reading alpine-osv");
        sources.push(run_source("alpine-osv", |s, i| alpine_osv::enrich(&path, &mut collector, s, i))?);
    }
    let path = from_dir.join(UBUNTU_TRACKER);
    if path.is_file() {
        progress("reading ubuntu-cve-tracker");
        sources.push(run_source("ubuntu-cve-tracker", |s, i| ubuntu::ingest(&path, &mut collector, s, i, progress))?);
    }
    let path = from_dir.join(WOLFI_YAML);
    if path.is_file() {
        progress("reading wolfi-advisories");
        sources.push(run_source("wolfi-advisories", |s, i| wolfi::ingest(&path, &mut collector, s, i))?);
    }
    for (name, archive, vendor) in [
        ("almalinux-osv", ALMALINUX_OSV, rpm_osv::Vendor::Alma),
        ("rocky-osv", ROCKY_OSV, rpm_osv::Vendor::Rocky),
        ("redhat-osv", REDHAT_OSV, rpm_osv::Vendor::RedHat),
    ] {
        let path = from_dir.join(archive);
        if path.is_file() {
            progress(&format!("reading {name}"));
            sources.push(run_source(name, |s, i| rpm_osv::ingest(&path, vendor, &mut collector, s, i))?);
        }
    }

    for (archive, name, feed) in LANGUAGE_FEEDS {
        let path = from_dir.join(archive);
        if path.is_file() {
            progress(&format!("reading {name}"));
            sources.push(run_source(name, |s, i| language::ingest(&path, feed, &mut collector, s, i, progress))?);
        }
    }

    progress("sorting and indexing");
    let (advisories, affected) = collector.finish();
    let stats = BuildStats { skipped_examples: sources.iter().flat_map(|(s, _)| s.skip_examples.clone()).collect() };
    let snapshot = Snapshot {
        built_at: options.built_at.clone().unwrap_or_else(clock::build_time),
        sources: sources.iter().map(|(_, info)| info.clone()).collect(),
        advisories,
        affected,
        stats,
    };
    let summary = BuildSummary {
        advisories: snapshot.advisories.len() as u64,
        affected: snapshot.affected.values().map(|v| v.len() as u64).sum(),
        packages: snapshot.affected.len() as u64,
        sources: sources.into_iter().map(|(s, _)| s).collect(),
        elapsed: started.elapsed(),
    };
    Ok(BuildOutcome { snapshot, summary })
}

/// The path of a required archive, or an error naming it.
fn required(dir: &Path, name: &str) -> Result<std::path::PathBuf, DbError> {
    let path = dir.join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(DbError::Archive {
            path: path.display().to_string(),
            reason: format!("required archive not found in {}", dir.display()),
        })
    }
}

/// Runs one source's ingest, timing it and filling its attribution counts.
fn run_source(
    name: &str,
    ingest: impl FnOnce(&mut SourceSummary, &mut SourceInfo) -> Result<(), DbError>,
) -> Result<(SourceSummary, SourceInfo), DbError> {
    let started = Instant::now();
    let mut summary = SourceSummary::new(name);
    let mut info = source_txt::new_source(name);
    ingest(&mut summary, &mut info)?;
    summary.elapsed = started.elapsed();
    info.records = summary.records;
    info.skipped = summary.skipped();
    Ok((summary, info))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use airlock_types::Ecosystem;

    use super::*;
    use crate::DistroState;

    /// Writes `name` as a zstd-compressed tar holding `files` under `<stem>/`.
    fn write_archive(dir: &Path, name: &str, files: &[(&str, &str)]) {
        let stem = name.trim_end_matches(".tar.zst");
        let mut builder = tar::Builder::new(Vec::new());
        for (path, text) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(text.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, format!("{stem}/{path}"), text.as_bytes()).unwrap();
        }
        let tar = builder.into_inner().unwrap();
        let zst = ruzstd::encoding::compress_to_vec(tar.as_slice(), ruzstd::encoding::CompressionLevel::Fastest);
        std::fs::write(dir.join(name), zst).unwrap();
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("airlock-db-build-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const CVE: &str = r#"{"id": "CVE-2023-5363", "related": ["DSA-5532-1"], "details": "Processing key lengths.",
      "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
      "affected": [
        {"package": {"ecosystem": "Debian:12", "name": "openssl"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}],
         "ecosystem_specific": {"urgency": "not yet assigned"}},
        {"package": {"ecosystem": "Alpine:v3.18", "name": "openssl"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.4-r0"}]}]},
        {"package": {}, "ranges": [{"type": "GIT", "events": [{"introduced": "0"}]}]}]}"#;
    const DSA: &str = r#"{"id": "DSA-5532-1", "related": ["CVE-2023-5363"], "summary": "openssl - security update",
      "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}]}"#;
    const DLA_OLD: &str = r#"{"id": "DLA-3706-1", "related": ["CVE-2022-22995"], "summary": "netatalk - security update",
      "affected": [{"package": {"ecosystem": "Debian:10", "name": "netatalk"},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.12~ds-3+deb10u5"}]}]}]}"#;
    const SECDB: &str = r#"{"distroversion": "v3.18", "packages": [{"pkg": {"name": "openssl", "secfixes": {
        "3.1.4-r0": ["CVE-2023-5363"], "0": ["CVE-2022-0001 XSA-1"]}}}]}"#;
    const EDGE: &str = r#"{"distroversion": "edge", "packages": [{"pkg": {"name": "openssl", "secfixes": {
        "3.1.4-r0": ["CVE-2023-5363"]}}}]}"#;

    fn fixture(tag: &str) -> PathBuf {
        let dir = temp_dir(tag);
        write_archive(
            &dir,
            DEBIAN_OSV,
            &[
                (
                    "_source.txt",
                    "repo: example/debian\ncommit: abc123\ncommit_date: 2025-02-12T18:06:49Z\nlicense: test\n",
                ),
                ("CVE/2023/CVE-2023-5363.json", CVE),
                ("DSA/2023/DSA-5532-1.json", DSA),
                ("DLA/2024/DLA-3706-1.json", DLA_OLD),
                ("CVE/2024/CVE-2024-9999.json", "{\"id\": \"CVE-2024-9999\", \"affected\": ["),
            ],
        );
        write_archive(&dir, ALPINE_SECDB, &[("3.18/main.json", SECDB), ("edge/main.json", EDGE)]);
        dir
    }

    #[test]
    fn builds_from_small_archives_counting_skips_and_left_out_entries() {
        let dir = fixture("small");
        let options = BuildOptions { built_at: Some("2025-01-01T00:00:00Z".into()), alpine_osv: true };
        let mut messages = Vec::new();
        let outcome = build_snapshot_with(&dir, &options, &mut |m| messages.push(m.to_owned())).unwrap();
        let snapshot = &outcome.snapshot;
        assert_eq!(snapshot.built_at, "2025-01-01T00:00:00Z");
        assert!(messages.contains(&"reading alpine-secdb".to_owned()), "{messages:?}");

        // Debian: CVE and DSA entries both stay (the matcher merges them by CVE).
        let ids = |eco: &Ecosystem, name: &str| -> Vec<String> {
            snapshot.lookup(eco, name).iter().map(|a| snapshot.advisory(a).unwrap().id.to_string()).collect()
        };
        assert_eq!(ids(&Ecosystem::debian("12"), "openssl"), ["CVE-2023-5363", "DSA-5532-1"]);
        assert_eq!(ids(&Ecosystem::debian("10"), "netatalk"), ["DLA-3706-1"]);
        // Alpine comes from the secdb only; the CVE shares the Debian advisory and its CVSS.
        assert_eq!(ids(&Ecosystem::alpine("3.18"), "openssl"), ["CVE-2022-0001", "CVE-2023-5363", "XSA-1"]);
        let alpine = snapshot.lookup(&Ecosystem::alpine("3.18"), "openssl");
        assert_eq!(alpine[0].state, DistroState::NotAffected);
        assert!(alpine[0].ranges.is_empty());
        assert_eq!(alpine[1].ranges[0].fixed.as_ref().map(|v| v.raw()), Some("3.1.4-r0"));
        let cve = snapshot.advisory(&alpine[1]).unwrap();
        assert_eq!(cve.cvss.len(), 1);
        assert_eq!(cve.summary.as_deref(), Some("Processing key lengths."));
        assert!(snapshot.lookup(&Ecosystem::alpine("edge"), "openssl").is_empty());
        // Advisories are deduplicated by id and sorted.
        let all: Vec<_> = snapshot.advisories.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(all, ["CVE-2022-0001", "CVE-2023-5363", "DLA-3706-1", "DSA-5532-1", "XSA-1"]);

        // The broken record is counted with its file, not fatal.
        let debian = &outcome.summary.sources[0];
        assert_eq!((debian.files, debian.records, debian.skipped_records), (5, 3, 1));
        assert!(debian.skip_examples[0].starts_with("debian-osv/CVE/2024/CVE-2024-9999.json: invalid OSV JSON"));
        assert_eq!(snapshot.stats.skipped_examples, debian.skip_examples);
        assert!(debian.ignored.contains(&("non-Debian affected entries (Alpine, GIT) in Debian records".into(), 2)));
        let secdb = &outcome.summary.sources[1];
        assert!(secdb.ignored.contains(&("package entries of the edge branch (not a release)".into(), 1)));
        assert_eq!(outcome.summary.sources.len(), 2, "alpine-osv is optional");
        assert_eq!(outcome.summary.skipped(), 1);

        // Attribution from _source.txt.
        let source = &snapshot.sources[0];
        assert_eq!(
            (source.repo.as_str(), source.commit.as_str(), source.licence.as_str()),
            ("example/debian", "abc123", "test")
        );
        assert_eq!((source.records, source.skipped), (3, 1));
        assert!(outcome.summary.to_string().contains("skipped: debian-osv/CVE/2024/CVE-2024-9999.json"));

        // Deterministic: a second build gives the same bytes.
        let again = build_snapshot_with(&dir, &options, &mut |_| {}).unwrap();
        assert_eq!(again.snapshot.to_bytes(), snapshot.to_bytes());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_required_archive_is_named() {
        let dir = temp_dir("missing");
        let err = build_snapshot(&dir, &mut |_| {}).unwrap_err();
        assert!(matches!(err, DbError::Archive { .. }));
        assert!(err.to_string().contains("debian-osv.tar.zst"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_truncated_archive_is_an_archive_error() {
        let dir = fixture("truncated");
        let path = dir.join(ALPINE_SECDB);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let err = build_snapshot(&dir, &mut |_| {}).unwrap_err();
        assert!(matches!(err, DbError::Archive { .. }), "{err}");
        assert!(err.to_string().contains("alpine-secdb.tar.zst"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The shared advisory archives (`../shared/advisories` or `$AIRLOCK_SHARED/advisories`).
    fn shared_advisories() -> PathBuf {
        let shared = std::env::var_os("AIRLOCK_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        shared.join("advisories")
    }

    #[test]
    fn language_archives_drop_withdrawn_records_and_keep_informational_ones() {
        let dir = fixture("language");
        for (archive, _, _) in LANGUAGE_FEEDS {
            std::os::unix::fs::symlink(shared_advisories().join(archive), dir.join(archive)).unwrap();
        }
        let outcome = build_snapshot(&dir, &mut |_| {}).unwrap();
        let source = |name: &str| outcome.summary.sources.iter().find(|s| s.name == name).unwrap();
        let ignored =
            |name: &str, reason: &str| source(name).ignored.iter().find(|(r, _)| r == reason).map_or(0, |(_, n)| *n);
        // SOURCES.md: ~330 GHSA records withdrawn upstream, recognisable by their text.
        assert_eq!(ignored("ghsa", "withdrawn or duplicate GHSA records recognised by their text"), 333);
        assert_eq!(ignored("pypa", "withdrawn records (withdrawn field)"), 10);
        assert_eq!(ignored("go-vulndb", "withdrawn records (withdrawn field)"), 17);
        assert_eq!(ignored("rustsec", "withdrawn records (withdrawn field)"), 13);
        assert_eq!(source("ghsa").records, 21_587 - 333);
        let snapshot = &outcome.snapshot;
        let npm = Ecosystem { kind: airlock_types::EcosystemKind::Npm, release: None };
        let lodash: Vec<&str> =
            snapshot.lookup(&npm, "lodash").iter().map(|a| snapshot.advisory(a).unwrap().id.as_str()).collect();
        assert!(lodash.contains(&"GHSA-35jh-r3h4-6jhm") && !lodash.contains(&"GHSA-8p5q-j9m2-g8wr"), "{lodash:?}");
        // PyPI names are PEP 503-normalised (PyPA writes "Jinja2", GHSA "jinja2").
        let pypi = Ecosystem { kind: airlock_types::EcosystemKind::PyPI, release: None };
        assert!(!snapshot.lookup(&pypi, "jinja2").is_empty());
        assert!(snapshot.affected.keys().filter(|k| k.ecosystem == pypi).all(|k| k.name == crate::pep503(&k.name)));
        // RustSec informational entries (unmaintained, unsound, notice) are kept as such.
        let informational: Vec<_> =
            snapshot.affected.values().flatten().filter(|a| a.state == DistroState::Informational).collect();
        // 267 unmaintained + 203 unsound + 6 notices, less 10 on withdrawn records.
        assert_eq!(informational.len(), 466);
        assert!(
            informational.iter().all(|a| matches!(a.urgency.as_deref(), Some("unmaintained" | "unsound" | "notice")))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
