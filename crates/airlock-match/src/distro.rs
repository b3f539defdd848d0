//! Matching OS packages against the image's own release: dpkg and apk
//! packages by source package (Debian/Ubuntu `Source:`, Alpine/Wolfi
//! `origin`), rpm packages by binary name and version, because the Red Hat,
//! AlmaLinux and Rocky feeds name binary rpms.

use std::collections::BTreeMap;

use airlock_db::Snapshot;
use airlock_types::{Ecosystem, Finding, Package, PackageType};
use airlock_version::Version;

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
        if package.package_type.language_ecosystem().is_some() {
            continue;
        }
        if package.package_type != ecosystem.kind.package_type() {
            *foreign.entry(package.package_type).or_default() += 1;
            continue;
        }
        let (name, version) = lookup_key(package, ecosystem);
        let merged = cache
            .entry((name, version.raw()))
            .or_insert_with(|| evaluate_source(name, version, ecosystem, snapshot, notes));
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

/// The name and version a package is looked up by in `ecosystem`'s feed:
/// the binary rpm for rpm distributions, the source package elsewhere.
fn lookup_key<'p>(package: &'p Package, ecosystem: &Ecosystem) -> (&'p str, &'p Version) {
    match ecosystem.kind.package_type() {
        PackageType::Rpm => (&package.name, &package.version),
        _ => (&package.source_name, &package.source_version),
    }
}

/// Evaluates every record of the package's source package. Records that
/// cannot be compared (another version scheme) or point to no advisory are
/// skipped and summarised in one note.
fn evaluate_source(
    name: &str,
    version: &Version,
    ecosystem: &Ecosystem,
    snapshot: &Snapshot,
    notes: &mut Vec<String>,
) -> Vec<Merged> {
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
