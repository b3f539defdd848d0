//! Matches catalogued packages against the advisory snapshot.
//!
//! OS packages are matched by their *source* package (Debian `Source:`,
//! Alpine `origin`) and source version against the image's own release
//! (`Debian:12`, `Alpine:v3.16`), like grype's dpkg matcher. Each
//! (package, vulnerability) pair gives one [`Finding`]: CVE, DSA and DLA
//! records about the same CVE are merged, the other ids becoming aliases.
//! The [`severity`] module scores findings (CVSS v3 first, then the distro
//! urgency). Data that cannot be compared is skipped with a note, never a
//! panic.

mod distro;
mod language;
mod merge;
mod range;
pub mod severity;
mod verdict;

use airlock_db::{PackageKey, Snapshot};
use airlock_types::{Ecosystem, Finding, OsRelease, Package};

pub use language::LanguageOptions;

/// The result of matching an inventory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchOutcome {
    /// Findings, sorted by package index, then severity (most severe first), then id.
    pub findings: Vec<Finding>,
    /// Human-readable notes about what could not be matched and why.
    pub notes: Vec<String>,
}

/// Matches `packages` (from an image whose OS is `os`) against `snapshot`.
pub fn match_packages(packages: &[Package], os: Option<&OsRelease>, snapshot: &Snapshot) -> MatchOutcome {
    match_packages_with(packages, os, snapshot, LanguageOptions::default())
}

/// [`match_packages`] with options for language packages (informational
/// advisories); OS packages go to the distro matcher, language packages to
/// their ecosystem's advisories.
pub fn match_packages_with(
    packages: &[Package],
    os: Option<&OsRelease>,
    snapshot: &Snapshot,
    options: LanguageOptions,
) -> MatchOutcome {
    let mut notes = Vec::new();
    let mut findings = language::match_language_packages(packages, snapshot, options, &mut notes);
    if packages.iter().any(|p| p.package_type.language_ecosystem().is_none()) {
        match os {
            None => notes.push("no OS detected: OS packages were not matched".to_owned()),
            Some(os) => match os.ecosystem() {
                None => notes.push(format!("OS {} is not supported: OS packages were not matched", describe(os))),
                Some(ecosystem) if !has_advisories(snapshot, &ecosystem) => notes.push(format!(
                    "OS {} has no advisories in this snapshot ({ecosystem}): OS packages were not matched",
                    describe(os)
                )),
                Some(ecosystem) => {
                    findings.extend(distro::match_os_packages(packages, &ecosystem, snapshot, &mut notes))
                }
            },
        }
    }
    findings.sort_by(|a, b| (a.package_index, a.severity, &a.id).cmp(&(b.package_index, b.severity, &b.id)));
    MatchOutcome { findings, notes }
}

/// `debian 13`, or just the id when the version is unknown.
fn describe(os: &OsRelease) -> String {
    match &os.version_id {
        Some(v) => format!("{} {v}", os.id),
        None => os.id.clone(),
    }
}

/// Whether the snapshot holds any record for `ecosystem`.
fn has_advisories(snapshot: &Snapshot, ecosystem: &Ecosystem) -> bool {
    let start = PackageKey { ecosystem: ecosystem.clone(), name: String::new() };
    snapshot.affected.range(start..).next().is_some_and(|(key, _)| &key.ecosystem == ecosystem)
}
