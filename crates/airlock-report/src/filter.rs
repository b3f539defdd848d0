//! Finding filters (`--only-severity`, `--only-fixed`, `--only-unfixed`,
//! `--only-package-type`, `--only-cve-id`), applied to a [`Report`].

use airlock_types::{FindingState, PackageType, Severity};

use crate::{FindingEntry, Report, Summary};

/// Which findings to keep. Every non-empty criterion must hold; an empty
/// list means "no restriction". Setting both `only_fixed` and
/// `only_unfixed` keeps nothing (front ends should reject that).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CveFilter {
    /// Keep findings of these severities.
    pub severities: Vec<Severity>,
    /// Keep findings that have a fix.
    pub only_fixed: bool,
    /// Keep findings without a fix.
    pub only_unfixed: bool,
    /// Keep findings (and packages) of these package types.
    pub package_types: Vec<PackageType>,
    /// Keep findings whose id or an alias is one of these (case-insensitive).
    pub cve_ids: Vec<String>,
    /// Keep findings with a CVSS vector (any source's) that sets every one
    /// of these metrics (`AV:N`, `PR:N`).
    pub metrics: Vec<String>,
}

impl CveFilter {
    /// Whether `finding` passes the filter.
    pub fn matches(&self, finding: &FindingEntry) -> bool {
        (self.severities.is_empty() || self.severities.contains(&finding.severity))
            && (!self.only_fixed || finding.state == FindingState::Fixed)
            && (!self.only_unfixed || finding.state != FindingState::Fixed)
            && self.keeps_type(finding.package.package_type)
            && (self.cve_ids.is_empty()
                || std::iter::once(&finding.id)
                    .chain(&finding.aliases)
                    .any(|id| self.cve_ids.iter().any(|wanted| wanted.trim().eq_ignore_ascii_case(id))))
            && (self.metrics.is_empty() || self.keeps_metrics(finding))
    }

    /// Whether one of the finding's CVSS vectors sets every wanted metric.
    fn keeps_metrics(&self, finding: &FindingEntry) -> bool {
        let chosen = finding.cvss.iter().map(|c| c.vector.as_str());
        let rated = finding.ratings.iter().filter_map(|r| r.vector.as_deref());
        chosen.chain(rated).any(|vector| {
            let parts: Vec<&str> = vector.trim_matches(|c| c == '(' || c == ')').split('/').collect();
            self.metrics.iter().all(|m| parts.contains(&m.trim()))
        })
    }

    fn keeps_type(&self, package_type: PackageType) -> bool {
        self.package_types.is_empty() || self.package_types.contains(&package_type)
    }
}

impl Report {
    /// A copy holding only the findings `filter` keeps, with the summary
    /// recomputed. Packages are narrowed by `package_types` only, so the
    /// package count still describes what was scanned.
    pub fn filtered(&self, filter: &CveFilter) -> Report {
        let findings: Vec<FindingEntry> = self.findings.iter().filter(|f| filter.matches(f)).cloned().collect();
        let packages = self.packages.iter().filter(|p| filter.keeps_type(p.package_type)).cloned().collect();
        Report {
            schema: self.schema.clone(),
            image: self.image.clone(),
            packages,
            summary: Summary::count(&findings),
            findings,
            notes: self.notes.clone(),
            suppressed: self.suppressed.iter().filter(|f| filter.matches(f)).cloned().collect(),
        }
    }
}
