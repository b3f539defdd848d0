//! Matching language packages (PyPI, npm, Maven, Go, crates.io, RubyGems,
//! Packagist, NuGet) against the ecosystem's advisories, which have no
//! release.
//!
//! Names and versions are normalised exactly as the snapshot builder
//! normalised the advisories ([`airlock_db::normalize_name`],
//! [`airlock_db::normalize_version`]); Maven packages are looked up as
//! `group:artifact`. A package whose version is not valid for its scheme
//! (Go's `(devel)`, an empty field) is listed but not matched, with a note.
//!
//! Records of one vulnerability from several databases (GHSA, PYSEC, GO,
//! RUSTSEC, with their CVE aliases) are merged into one finding: hits whose
//! id sets (id plus aliases) overlap form one group, named by its CVE when
//! it has one, else its GHSA id, else the first id.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use airlock_db::{Advisory, Affected, DistroState, Snapshot, normalize_name, normalize_version};
use airlock_types::{AdvisoryId, Ecosystem, EcosystemKind, Finding, FindingState, Package, SeveritySource};
use airlock_version::Version;

use crate::severity;
use crate::verdict::{self, Verdict};

/// Options of language matching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LanguageOptions {
    /// Also report informational advisories (RustSec unmaintained, unsound,
    /// notices), which are not vulnerabilities.
    pub include_informational: bool,
}

/// One record that affects the installed version.
struct Hit<'a> {
    advisory: &'a Advisory,
    record: &'a Affected,
    fixed: Option<Version>,
    range: String,
}

impl Hit<'_> {
    fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.advisory.id.as_str()).chain(self.advisory.aliases.iter().map(AdvisoryId::as_str))
    }
}

/// The lookup name of a language package: Maven as `group:artifact` (from
/// the purl), others normalised per ecosystem.
pub(crate) fn lookup_name(kind: EcosystemKind, package: &Package) -> String {
    match (kind, &package.purl.namespace) {
        (EcosystemKind::Maven, Some(group)) => format!("{group}:{}", package.purl.name),
        _ => normalize_name(kind, &package.name),
    }
}

/// Matches every language package of `packages`; OS packages are left to
/// the distro matcher.
pub(crate) fn match_language_packages(
    packages: &[Package],
    snapshot: &Snapshot,
    options: LanguageOptions,
    notes: &mut Vec<String>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut unmatched: Vec<String> = Vec::new();
    for (index, package) in packages.iter().enumerate() {
        let Some(kind) = package.package_type.language_ecosystem() else { continue };
        let raw = normalize_version(kind, package.version.raw());
        let version = match Version::parse(kind.scheme(), &raw) {
            Ok(v) if package.version.is_comparable() && raw != "(devel)" => v,
            _ => {
                unmatched.push(format!("{} {} ({})", package.name, package.version, package.location));
                continue;
            }
        };
        let ecosystem = Ecosystem { kind, release: None };
        let name = lookup_name(kind, package);
        let mut hits = Vec::new();
        let mut skipped = Vec::new();
        for record in snapshot.lookup(&ecosystem, &name) {
            if record.state == DistroState::Informational && !options.include_informational {
                continue;
            }
            let Some(advisory) = snapshot.advisory(record) else { continue };
            match verdict::evaluate(record, &version) {
                Ok(Verdict::Affected { fixed, range }) => hits.push(Hit { advisory, record, fixed, range }),
                Ok(Verdict::Clear | Verdict::NotAffected) => {}
                Err(e) => skipped.push(format!("{}: {e}", advisory.id)),
            }
        }
        if let Some(first) = skipped.first() {
            notes.push(format!(
                "{} {} in {ecosystem}: skipped {} advisory record(s), e.g. {first}",
                package.name,
                package.version,
                skipped.len()
            ));
        }
        findings.extend(merge(hits).into_iter().map(|mut f| {
            f.package_index = index;
            f
        }));
    }
    if !unmatched.is_empty() {
        notes.push(format!(
            "{} language package(s) listed but not matched: their version is not comparable (e.g. Go's (devel)): {}",
            unmatched.len(),
            unmatched.join(", ")
        ));
    }
    findings
}

/// Groups hits whose id sets overlap and turns each group into a finding
/// (package index 0; the caller sets it).
fn merge(hits: Vec<Hit<'_>>) -> Vec<Finding> {
    let mut groups: Vec<Vec<Hit<'_>>> = Vec::new();
    for hit in hits {
        let ids: BTreeSet<&str> = hit.ids().collect();
        let (mut joined, rest): (Vec<_>, Vec<_>) =
            groups.into_iter().partition(|g| g.iter().any(|h| h.ids().any(|id| ids.contains(id))));
        let mut group: Vec<Hit<'_>> = joined.drain(..).flatten().collect();
        group.push(hit);
        groups = rest;
        groups.push(group);
    }
    let mut findings: Vec<Finding> = groups.into_iter().map(finding).collect();
    findings.sort_by(|a, b| a.id.cmp(&b.id));
    findings
}

fn finding(group: Vec<Hit<'_>>) -> Finding {
    let ids: BTreeSet<&str> = group.iter().flat_map(Hit::ids).collect();
    let id = ids
        .iter()
        .find(|i| i.starts_with("CVE-"))
        .or_else(|| ids.iter().find(|i| i.starts_with("GHSA-")))
        .or_else(|| ids.iter().next())
        .copied()
        .unwrap_or_default();
    let aliases = ids.iter().filter(|i| **i != id).map(|i| AdvisoryId::new(i)).collect();
    let mut fix: Option<(&Version, &str)> = None;
    for hit in &group {
        if let Some(v) = &hit.fixed {
            let smaller = fix.is_none_or(|(current, _)| v.try_cmp(current) == Ok(Ordering::Less));
            if smaller {
                fix = Some((v, &hit.range));
            }
        }
    }
    let vectors =
        group.iter().flat_map(|h| h.advisory.cvss.iter().map(|c| (h.advisory.id.as_str(), c.vector.as_str())));
    let labels = group
        .iter()
        .filter(|h| h.record.state != DistroState::Informational)
        .filter_map(|h| h.record.urgency.as_deref());
    // For language packages the CVSS score decides; GitHub's rating (kept as
    // the record's urgency) is the fallback and is listed beside it.
    let mut assessment = severity::assess_sources("ghsa", vectors, labels);
    if let (SeveritySource::DistroUrgency(_), Some(cvss)) = (&assessment.source, &assessment.cvss)
        && cvss.score > 0.0
    {
        assessment.severity = severity::cvss_severity(cvss);
        assessment.source = SeveritySource::Cvss;
    }
    let informational = group.iter().find_map(|h| {
        (h.record.state == DistroState::Informational).then(|| h.record.urgency.as_deref().unwrap_or("notice"))
    });
    let summary = group
        .iter()
        .find(|h| h.advisory.id.as_str().starts_with("GHSA-"))
        .or_else(|| group.first())
        .and_then(|h| h.advisory.summary.clone());
    let summary = match informational {
        Some(kind) => Some(format!("informational ({kind}): {}", summary.unwrap_or_default())),
        None => summary,
    };
    let (state, fixed_version, affected_range) = match fix {
        Some((v, range)) => (FindingState::Fixed, Some(v.clone()), range.to_owned()),
        None => (FindingState::Unfixed, None, group.first().map(|h| h.range.clone()).unwrap_or_default()),
    };
    Finding {
        id: AdvisoryId::new(id),
        aliases,
        package_index: 0,
        state,
        fixed_version,
        affected_range,
        severity: assessment.severity,
        severity_source: assessment.source,
        cvss: assessment.cvss,
        ratings: assessment.ratings,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use airlock_db::{CvssVector, PackageKey, Range};
    use airlock_types::{PackageType, Purl, Severity};
    use airlock_version::VersionScheme;

    use super::*;

    fn v(scheme: VersionScheme, raw: &str) -> Version {
        Version::parse(scheme, raw).unwrap()
    }

    fn advisory(id: &str, aliases: &[&str], cvss: Option<&str>) -> Advisory {
        Advisory {
            id: AdvisoryId::new(id),
            aliases: aliases.iter().map(|a| AdvisoryId::new(a)).collect(),
            related: Vec::new(),
            summary: Some(format!("summary of {id}")),
            published: None,
            cvss: cvss.map(|c| CvssVector { vector: c.into() }).into_iter().collect(),
        }
    }

    fn fixed_below(advisory: u32, scheme: VersionScheme, fixed: &str, state: DistroState) -> Affected {
        Affected {
            advisory,
            state,
            ranges: vec![Range { introduced: None, fixed: Some(v(scheme, fixed)), last_affected: None }],
            urgency: Some(if state == DistroState::Informational { "unmaintained" } else { "medium" }.into()),
        }
    }

    fn package(ty: PackageType, name: &str, version: Version, purl: Purl) -> Package {
        Package {
            package_type: ty,
            name: name.into(),
            source_name: name.into(),
            source_version: version.clone(),
            version,
            arch: None,
            purl,
            layer: None,
            location: "/x".into(),
        }
    }

    fn snapshot() -> Snapshot {
        use VersionScheme::{Go, Maven, Pep440, Semver};
        let mut s = Snapshot {
            advisories: vec![
                advisory("GHSA-aaaa", &["CVE-2018-18074"], Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")),
                advisory("PYSEC-2018-28", &["CVE-2018-18074", "GHSA-aaaa"], None),
                advisory("GHSA-bbbb", &[], None),
                advisory("RUSTSEC-2020-1", &[], None),
                advisory("GO-2023-1", &["CVE-2023-1"], None),
                advisory("GHSA-cccc", &["CVE-2021-44228"], None),
            ],
            ..Snapshot::default()
        };
        let key = |kind, name: &str| PackageKey { ecosystem: Ecosystem { kind, release: None }, name: name.into() };
        s.affected.insert(
            key(EcosystemKind::PyPI, "requests"),
            vec![
                fixed_below(0, Pep440, "2.20.0", DistroState::Fixed),
                fixed_below(1, Pep440, "2.21.0", DistroState::Fixed),
                fixed_below(2, Pep440, "2.0", DistroState::Fixed),
            ],
        );
        s.affected.insert(
            key(EcosystemKind::CratesIo, "term"),
            vec![fixed_below(3, Semver, "99.0.0", DistroState::Informational)],
        );
        s.affected.insert(key(EcosystemKind::Go, "stdlib"), vec![fixed_below(4, Go, "1.19.9", DistroState::Fixed)]);
        s.affected.insert(
            key(EcosystemKind::Maven, "org.apache.logging.log4j:log4j-core"),
            vec![fixed_below(5, Maven, "2.15.0", DistroState::Fixed)],
        );
        s
    }

    fn purl(ty: &str, ns: Option<&str>, name: &str) -> Purl {
        Purl::new(ty, ns, name, None, [])
    }

    #[test]
    fn aliases_merge_into_one_finding_named_by_the_cve_with_the_smallest_fix() {
        let pkgs = [package(
            PackageType::Python,
            "Requests",
            v(VersionScheme::Pep440, "2.19.0"),
            purl("pypi", None, "requests"),
        )];
        let mut notes = Vec::new();
        let found = match_language_packages(&pkgs, &snapshot(), LanguageOptions::default(), &mut notes);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.id.as_str(), "CVE-2018-18074");
        assert_eq!(f.aliases, [AdvisoryId::new("GHSA-aaaa"), AdvisoryId::new("PYSEC-2018-28")]);
        assert_eq!(f.fixed_version.as_ref().map(Version::raw), Some("2.20.0"));
        assert_eq!((f.state, f.affected_range.as_str()), (FindingState::Fixed, "< 2.20.0"));
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.summary.as_deref(), Some("summary of GHSA-aaaa"));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn informational_only_on_request_and_devel_is_noted() {
        let pkgs = [
            package(PackageType::RustCrate, "term", v(VersionScheme::Semver, "0.5.2"), purl("cargo", None, "term")),
            package(PackageType::GoModule, "stdlib", v(VersionScheme::Go, "go1.19.8"), purl("golang", None, "stdlib")),
            package(
                PackageType::GoModule,
                "example.test/app",
                Version::Unparsed { scheme: VersionScheme::Go, raw: "(devel)".into() },
                purl("golang", Some("example.test"), "app"),
            ),
            package(
                PackageType::JavaArchive,
                "log4j-core",
                v(VersionScheme::Maven, "2.14.1"),
                purl("maven", Some("org.apache.logging.log4j"), "log4j-core"),
            ),
        ];
        let snapshot = snapshot();
        let mut notes = Vec::new();
        let found = match_language_packages(&pkgs, &snapshot, LanguageOptions::default(), &mut notes);
        let ids: Vec<_> = found.iter().map(|f| (f.package_index, f.id.as_str())).collect();
        assert_eq!(ids, [(1, "CVE-2023-1"), (3, "CVE-2021-44228")]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("example.test/app (devel) (/x)"), "{notes:?}");
        let with = LanguageOptions { include_informational: true };
        let found = match_language_packages(&pkgs, &snapshot, with, &mut Vec::new());
        let term = found.iter().find(|f| f.package_index == 0).unwrap();
        assert_eq!(term.id.as_str(), "RUSTSEC-2020-1");
        assert_eq!(term.summary.as_deref(), Some("informational (unmaintained): summary of RUSTSEC-2020-1"));
        assert_eq!(term.severity, Severity::Unspecified);
    }
}
