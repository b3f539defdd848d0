//! Matching OS packages (dpkg, apk) by source package against the image's
//! own release.

use std::collections::BTreeMap;

use airlock_db::Snapshot;
use airlock_types::{Ecosystem, Finding, Package, PackageType};

use crate::merge::{Collector, Merged};
use crate::verdict;

/// Matches every package of `ecosystem`'s family; other packages are
/// counted in a note. Packages sharing a source package and version are
/// evaluated once.
pub(crate) fn match_os_packages(
    packages: &[Package],
    ecosystem: &Ecosystem,
    snapshot: &Snapshot,
    notes: &mut Vec<String>,
) -> Vec<Finding> {
    let mut cache: BTreeMap<(&str, &str), Vec<Merged>> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut foreign: BTreeMap<PackageType, usize> = BTreeMap::new();
    for (index, package) in packages.iter().enumerate() {
        if package.package_type != ecosystem.kind.package_type() {
            *foreign.entry(package.package_type).or_default() += 1;
            continue;
        }
        let key = (package.source_name.as_str(), package.source_version.raw());
        let merged = cache.entry(key).or_insert_with(|| evaluate_source(package, ecosystem, snapshot, notes));
        findings.extend(merged.iter().map(|m| Finding {
            id: m.id.clone(),
            aliases: m.aliases.clone(),
            package_index: index,
            state: m.state,
            fixed_version: m.fixed.clone(),
            affected_range: m.range.clone(),
            severity: m.assessment.severity,
            severity_source: m.assessment.source.clone(),
            cvss: m.assessment.cvss.clone(),
            summary: m.summary.clone(),
            ratings: m.assessment.ratings.clone(),
        }));
    }
    for (package_type, count) in foreign {
        notes.push(format!("{count} {package_type} package(s) do not belong to {ecosystem} and were not matched"));
    }
    findings
}

/// Evaluates every record of the package's source package. Records that
/// cannot be compared (another version scheme) or point to no advisory are
/// skipped and summarised in one note.
fn evaluate_source(
    package: &Package,
    ecosystem: &Ecosystem,
    snapshot: &Snapshot,
    notes: &mut Vec<String>,
) -> Vec<Merged> {
    let name = &package.source_name;
    let version = &package.source_version;
    if version.scheme() != ecosystem.kind.scheme() {
        notes.push(format!(
            "source package {name} {version}: a {} version cannot be matched against {ecosystem} ({}) advisories",
            version.scheme(),
            ecosystem.kind.scheme()
        ));
        return Vec::new();
    }
    let mut collector = Collector::for_vendor(vendor_name(ecosystem));
    let mut skipped = Vec::new();
    for record in snapshot.lookup(ecosystem, name) {
        let Some(advisory) = snapshot.advisory(record) else {
            skipped.push(format!("record points to missing advisory #{}", record.advisory));
            continue;
        };
        match verdict::evaluate(record, version) {
            Ok(v) => collector.record(advisory, record, v),
            Err(e) => skipped.push(format!("{}: {e}", advisory.id)),
        }
    }
    if let Some(first) = skipped.first() {
        notes.push(format!(
            "source package {name} {version} in {ecosystem}: skipped {} advisory record(s), e.g. {first}",
            skipped.len()
        ));
    }
    collector.finish()
}

/// Who rates the severity of an OS ecosystem's records (`debian`, `ubuntu`, `redhat`, …).
fn vendor_name(ecosystem: &Ecosystem) -> &'static str {
    use airlock_types::EcosystemKind as K;
    match ecosystem.kind {
        K::Debian => "debian",
        K::Ubuntu => "ubuntu",
        K::RedHat => "redhat",
        K::AlmaLinux => "almalinux",
        K::Rocky => "rocky",
        K::AmazonLinux => "amazon",
        K::Alpine => "alpine",
        K::Wolfi => "wolfi",
        _ => "distro",
    }
}
