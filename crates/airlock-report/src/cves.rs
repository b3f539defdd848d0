//! The `cves` text: findings grouped by package, Docker Scout style.
//!
//! Packages with the most severe findings come first (compared by their
//! critical, then high, medium, low and unspecified counts); inside a
//! package, findings go by severity, then CVSS score (highest first), then id.

use std::cmp::{Ordering, Reverse};
use std::collections::BTreeMap;

use airlock_types::FindingState;

use crate::counts::severity_cells;
use crate::overview::plural;
use crate::{FindingEntry, FindingPackage, Report, Summary};

/// The findings of one package.
struct PackageGroup<'a> {
    package: &'a FindingPackage,
    findings: Vec<&'a FindingEntry>,
    summary: Summary,
}

impl PackageGroup<'_> {
    /// Most severe first: more criticals, then more highs, and so on.
    fn severity_rank(&self) -> Reverse<(usize, usize, usize, usize, usize)> {
        let s = &self.summary;
        Reverse((s.critical, s.high, s.medium, s.low, s.unspecified))
    }
}

/// Groups findings by package, in display order.
fn groups(report: &Report) -> Vec<PackageGroup<'_>> {
    let mut by_package: BTreeMap<&str, Vec<&FindingEntry>> = BTreeMap::new();
    for finding in &report.findings {
        by_package.entry(finding.package.purl.as_str()).or_default().push(finding);
    }
    let mut groups: Vec<PackageGroup<'_>> = by_package
        .into_values()
        .filter_map(|mut findings| {
            findings.sort_by(|a, b| compare_findings(a, b));
            let package = &findings.first()?.package;
            Some(PackageGroup { package, summary: Summary::count(findings.iter().copied()), findings })
        })
        .collect();
    groups.sort_by(|a, b| {
        (a.severity_rank(), a.package.package_type, &a.package.name, &a.package.version, &a.package.purl).cmp(&(
            b.severity_rank(),
            b.package.package_type,
            &b.package.name,
            &b.package.version,
            &b.package.purl,
        ))
    });
    groups
}

/// Severity, then CVSS score (highest first), then id.
fn compare_findings(a: &FindingEntry, b: &FindingEntry) -> Ordering {
    let score = |f: &FindingEntry| f.cvss.as_ref().map_or(0.0, |c| c.score);
    a.severity.cmp(&b.severity).then_with(|| score(b).total_cmp(&score(a))).then_with(|| a.id.cmp(&b.id))
}

/// Writes the `cves` listing of `report` to `out`.
pub fn render_cves(report: &Report, out: &mut String) {
    let groups = groups(report);
    out.push_str("## Packages and Vulnerabilities\n\n");
    if groups.is_empty() {
        out.push_str("  No vulnerable package detected\n\n");
    }
    for group in &groups {
        let p = group.package;
        out.push_str(&format!("{}  {} {}\n", severity_cells(&group.summary), p.name, p.version));
        out.push_str(&format!("{}\n\n", p.purl));
        for finding in &group.findings {
            render_finding(finding, out);
        }
    }
    render_footer(&report.summary, groups.len(), out);
}

fn render_finding(f: &FindingEntry, out: &mut String) {
    out.push_str(&format!("    ✗ {} {}\n", f.severity.as_str().to_ascii_uppercase(), f.id));
    if let Some(summary) = &f.summary {
        out.push_str(&format!("      {summary}\n"));
    }
    out.push('\n');
    let mut field = |label: &str, value: &str| out.push_str(&format!("      {label:<15}: {value}\n"));
    if !f.aliases.is_empty() {
        field("Aliases", &f.aliases.join(", "));
    }
    field("Affected range", &f.affected_range);
    let fixed = match (&f.state, &f.fixed_version) {
        (FindingState::Fixed, Some(v)) => v.as_str(),
        (FindingState::WontFix, _) => "not fixed (the distribution will not fix it)",
        _ => "not fixed",
    };
    field("Fixed version", fixed);
    if let Some(cvss) = &f.cvss {
        field("CVSS Score", &format!("{:.1}", cvss.score));
        field("CVSS Vector", &cvss.vector);
    }
    field("Severity source", &f.severity_source.to_string());
    // Every source's rating side by side when they are more than the one shown.
    if f.ratings.len() > 1 {
        for r in &f.ratings {
            let what = match (&r.vector, r.score, &r.label) {
                (Some(vector), Some(score), _) => format!("CVSS {} {score:.1} {vector}", r.method),
                (_, _, Some(label)) => format!("vendor {label:?}"),
                _ => r.method.clone(),
            };
            field("Rating", &format!("{:<11} {}: {what}", r.severity.as_str(), r.source));
        }
    }
    if let Some(v) = &f.vex {
        let expired = v.expired.as_deref().map_or_else(String::new, |d| format!(", expired {d}: not suppressed"));
        field("VEX", &format!("{} [{}]{expired}", v.status.as_str(), v.source));
    }
    out.push('\n');
}

/// `N vulnerabilities found in M packages` and the count per severity,
/// least severe first, unspecified only when present.
fn render_footer(summary: &Summary, packages: usize, out: &mut String) {
    out.push_str(&format!(
        "{} found in {}\n",
        plural(summary.total(), "vulnerability", "vulnerabilities"),
        plural(packages, "package", "packages")
    ));
    let mut rows = Vec::new();
    if summary.unspecified > 0 {
        rows.push(("UNSPECIFIED", summary.unspecified));
    }
    rows.extend([
        ("LOW", summary.low),
        ("MEDIUM", summary.medium),
        ("HIGH", summary.high),
        ("CRITICAL", summary.critical),
    ]);
    for (label, count) in rows {
        out.push_str(&format!("  {label:<12} {count}\n"));
    }
}
