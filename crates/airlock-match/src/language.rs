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
use airlock_types::{AdvisoryId, Ecosystem, EcosystemKind, Finding, FindingState, Package};
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
    let vectors = group.iter().flat_map(|h| h.advisory.cvss.iter().map(|c| c.vector.as_str()));
    let labels = group
        .iter()
        .filter(|h| h.record.state != DistroState::Informational)
        .filter_map(|h| h.record.urgency.as_deref());
    let assessment = severity::assess(vectors, labels);
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
        summary,
    }
}
