//! Views of a [`Report`] for interactive front ends (the browser viewer):
//! findings grouped by package under a severity filter, a text query and a
//! sort order; packages with their vulnerability counts; layers with what
//! they brought. Front ends render these and hold no filtering or sorting
//! logic of their own.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use airlock_types::Severity;
use serde::{Deserialize, Serialize};

use crate::{CveFilter, FindingEntry, FindingPackage, PackageEntry, Report, Summary};

/// How findings groups are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SortKey {
    /// Worst severity first (critical count, then high, …), then package name.
    #[default]
    Severity,
    /// Highest CVSS base score first (packages without scores last).
    Cvss,
    /// Package type, name and version.
    Package,
}

/// What a findings view shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BrowseQuery {
    /// Keep these severities (empty: all).
    pub severities: Vec<Severity>,
    /// Keep only findings with a fix.
    pub only_fixed: bool,
    /// Keep only findings without a fix.
    pub only_unfixed: bool,
    /// Case-insensitive text that the id, an alias, the package name or
    /// version, the fixed version or the summary must contain (blank: all).
    pub text: String,
    /// Order of the groups and of the findings inside each group.
    pub sort: SortKey,
}

/// The findings of one package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingGroup {
    /// The affected package.
    pub package: FindingPackage,
    /// Severity counts of the findings shown for it.
    pub summary: Summary,
    /// Highest CVSS base score among them.
    pub max_cvss: Option<f64>,
    /// The findings shown, in the query's order.
    pub findings: Vec<FindingEntry>,
}

/// Findings grouped by package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingsView {
    /// Findings in the report.
    pub total: usize,
    /// Findings that pass the query.
    pub shown: usize,
    /// Severity counts of the findings shown.
    pub summary: Summary,
    /// One group per package with at least one finding shown.
    pub groups: Vec<FindingGroup>,
}

/// One catalogued package with the findings about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageRow {
    /// The package.
    pub package: PackageEntry,
    /// Severity counts of its findings (all of them, unfiltered).
    pub summary: Summary,
}

/// What the front end knows about one layer of the image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerMeta {
    /// 0-based position.
    pub index: usize,
    /// diff_id (`sha256:…` of the uncompressed layer).
    pub diff_id: String,
    /// Stored (compressed) size in bytes.
    pub size: Option<u64>,
    /// The history command that made it, if recorded.
    pub created_by: Option<String>,
}

/// One layer with the packages it introduced and their findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerRow {
    /// The layer.
    pub layer: LayerMeta,
    /// `name version` of each package this layer introduced, in report order.
    pub packages: Vec<String>,
    /// Severity counts of the findings about those packages.
    pub summary: Summary,
}

impl BrowseQuery {
    fn filter(&self) -> CveFilter {
        CveFilter {
            severities: self.severities.clone(),
            only_fixed: self.only_fixed,
            only_unfixed: self.only_unfixed,
            ..CveFilter::default()
        }
    }

    fn matches_text(&self, needle: &str, f: &FindingEntry) -> bool {
        needle.is_empty()
            || [
                Some(&f.id),
                Some(&f.package.name),
                Some(&f.package.version),
                f.fixed_version.as_ref(),
                f.summary.as_ref(),
            ]
            .into_iter()
            .flatten()
            .chain(&f.aliases)
            .any(|s| s.to_lowercase().contains(needle))
    }
}

fn score(f: &FindingEntry) -> Option<f64> {
    f.cvss.as_ref().map(|c| c.score)
}

/// Descending by score, absent scores last.
fn by_score_desc(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn package_key(p: &FindingPackage) -> (airlock_types::PackageType, &str, &str, &str) {
    (p.package_type, &p.name, &p.version, &p.purl)
}

/// Most severe first: compares the counts from critical down.
fn worst_first(a: &Summary, b: &Summary) -> Ordering {
    (b.critical, b.high, b.medium, b.low, b.unspecified).cmp(&(a.critical, a.high, a.medium, a.low, a.unspecified))
}

/// Groups the findings of `report` that pass `query` by package, sorted.
pub fn findings_view(report: &Report, query: &BrowseQuery) -> FindingsView {
    let filter = query.filter();
    let needle = query.text.trim().to_lowercase();
    let mut groups: BTreeMap<(airlock_types::PackageType, &str, &str, &str), Vec<&FindingEntry>> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| filter.matches(f) && query.matches_text(&needle, f)) {
        groups.entry(package_key(&f.package)).or_default().push(f);
    }
    let mut groups: Vec<FindingGroup> = groups
        .into_values()
        .map(|mut findings| {
            findings.sort_by(|a, b| {
                match query.sort {
                    SortKey::Cvss => by_score_desc(score(a), score(b)).then(a.severity.cmp(&b.severity)),
                    SortKey::Severity | SortKey::Package => {
                        a.severity.cmp(&b.severity).then(by_score_desc(score(a), score(b)))
                    }
                }
                .then_with(|| a.id.cmp(&b.id))
            });
            let max_cvss = findings.iter().filter_map(|f| score(f)).max_by(f64::total_cmp);
            FindingGroup {
                package: findings[0].package.clone(),
                summary: Summary::count(findings.iter().copied()),
                max_cvss,
                findings: findings.into_iter().cloned().collect(),
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        match query.sort {
            SortKey::Severity => worst_first(&a.summary, &b.summary),
            SortKey::Cvss => by_score_desc(a.max_cvss, b.max_cvss).then_with(|| worst_first(&a.summary, &b.summary)),
            SortKey::Package => Ordering::Equal,
        }
        .then_with(|| package_key(&a.package).cmp(&package_key(&b.package)))
    });
    let summary = groups.iter().fold(Summary::default(), |mut s, g| {
        s.critical += g.summary.critical;
        s.high += g.summary.high;
        s.medium += g.summary.medium;
        s.low += g.summary.low;
        s.unspecified += g.summary.unspecified;
        s
    });
    FindingsView { total: report.findings.len(), shown: summary.total(), summary, groups }
}

fn summaries_by_purl(report: &Report) -> BTreeMap<&str, Summary> {
    let mut by_purl: BTreeMap<&str, Vec<&FindingEntry>> = BTreeMap::new();
    for f in &report.findings {
        by_purl.entry(f.package.purl.as_str()).or_default().push(f);
    }
    by_purl.into_iter().map(|(purl, fs)| (purl, Summary::count(fs))).collect()
}

/// The packages whose name, version, source name or purl contains `text`
/// (case-insensitive; blank: all), in report order, with their counts.
pub fn packages_view(report: &Report, text: &str) -> Vec<PackageRow> {
    let needle = text.trim().to_lowercase();
    let counts = summaries_by_purl(report);
    report
        .packages
        .iter()
        .filter(|p| {
            needle.is_empty()
                || [&p.name, &p.version, &p.source_name, &p.purl].iter().any(|s| s.to_lowercase().contains(&needle))
        })
        .map(|p| PackageRow { package: p.clone(), summary: counts.get(p.purl.as_str()).copied().unwrap_or_default() })
        .collect()
}

/// Every layer in `layers` (or, when empty, every layer a package names)
/// with the packages it introduced and their findings.
pub fn layers_view(report: &Report, layers: &[LayerMeta]) -> Vec<LayerRow> {
    let mut rows: BTreeMap<usize, LayerRow> = layers
        .iter()
        .map(|l| (l.index, LayerRow { layer: l.clone(), packages: Vec::new(), summary: Summary::default() }))
        .collect();
    let counts = summaries_by_purl(report);
    for p in &report.packages {
        let Some(index) = p.layer_index else { continue };
        let row = rows.entry(index).or_insert_with(|| LayerRow {
            layer: LayerMeta { index, diff_id: p.layer.clone().unwrap_or_default(), size: None, created_by: None },
            packages: Vec::new(),
            summary: Summary::default(),
        });
        row.packages.push(format!("{} {}", p.name, p.version));
        if let Some(s) = counts.get(p.purl.as_str()) {
            row.summary.critical += s.critical;
            row.summary.high += s.high;
            row.summary.medium += s.medium;
            row.summary.low += s.low;
            row.summary.unspecified += s.unspecified;
        }
    }
    rows.into_values().collect()
}

#[cfg(test)]
mod tests {
    use airlock_types::{FindingState, PackageType, SeveritySource};

    use super::*;
    use crate::{CvssEntry, ImageSummary, SCHEMA};

    fn package(name: &str, layer: usize) -> PackageEntry {
        PackageEntry {
            package_type: PackageType::Deb,
            name: name.into(),
            version: "1.0".into(),
            purl: format!("pkg:deb/debian/{name}@1.0"),
            source_name: format!("{name}-src"),
            source_version: "1.0".into(),
            layer: Some(format!("sha256:{layer}")),
            layer_index: Some(layer),
            location: "/var/lib/dpkg/status".into(),
        }
    }

    fn finding(pkg: &str, id: &str, severity: Severity, score: Option<f64>, fixed: bool) -> FindingEntry {
        FindingEntry {
            id: id.into(),
            aliases: vec![format!("DSA-{id}")],
            package: FindingPackage {
                package_type: PackageType::Deb,
                name: pkg.into(),
                version: "1.0".into(),
                purl: format!("pkg:deb/debian/{pkg}@1.0"),
            },
            state: if fixed { FindingState::Fixed } else { FindingState::Unfixed },
            fixed_version: fixed.then(|| "1.1".into()),
            affected_range: "< 1.1".into(),
            severity,
            severity_source: SeveritySource::Cvss,
            cvss: score.map(|score| CvssEntry { version: "3.1".into(), vector: "CVSS:3.1/…".into(), score }),
            ratings: Vec::new(),
            vex: None,
            summary: Some(format!("bug in {pkg}")),
        }
    }

    fn report() -> Report {
        let findings = vec![
            finding("curl", "CVE-1", Severity::Medium, Some(5.0), true),
            finding("curl", "CVE-2", Severity::Medium, Some(6.5), false),
            finding("openssl", "CVE-3", Severity::High, Some(7.5), true),
            finding("zlib", "CVE-4", Severity::Critical, Some(9.8), false),
            finding("bash", "CVE-5", Severity::Low, None, false),
        ];
        Report {
            schema: SCHEMA.into(),
            image: ImageSummary::default(),
            packages: vec![package("bash", 0), package("curl", 1), package("openssl", 1), package("zlib", 0)],
            summary: Summary::count(&findings),
            findings,
            suppressed: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn names(view: &FindingsView) -> Vec<&str> {
        view.groups.iter().map(|g| g.package.name.as_str()).collect()
    }

    #[test]
    fn severity_sort_puts_worst_package_first_and_findings_by_score() {
        let view = findings_view(&report(), &BrowseQuery::default());
        assert_eq!(names(&view), ["zlib", "openssl", "curl", "bash"]);
        assert_eq!((view.total, view.shown), (5, 5));
        let curl: Vec<&str> = view.groups[2].findings.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(curl, ["CVE-2", "CVE-1"]);
        assert_eq!(view.groups[2].max_cvss, Some(6.5));
    }

    #[test]
    fn cvss_and_package_sorts() {
        let r = report();
        let by_cvss = findings_view(&r, &BrowseQuery { sort: SortKey::Cvss, ..BrowseQuery::default() });
        assert_eq!(names(&by_cvss), ["zlib", "openssl", "curl", "bash"]);
        let by_name = findings_view(&r, &BrowseQuery { sort: SortKey::Package, ..BrowseQuery::default() });
        assert_eq!(names(&by_name), ["bash", "curl", "openssl", "zlib"]);
    }

    #[test]
    fn severity_state_and_text_filters_combine() {
        let r = report();
        let q = BrowseQuery { severities: vec![Severity::Medium, Severity::High], ..BrowseQuery::default() };
        let view = findings_view(&r, &q);
        assert_eq!(names(&view), ["openssl", "curl"]);
        assert_eq!(view.summary, Summary { critical: 0, high: 1, medium: 2, low: 0, unspecified: 0 });
        let fixed = findings_view(&r, &BrowseQuery { only_fixed: true, ..q.clone() });
        assert_eq!(fixed.shown, 2);
        // Text matches ids, aliases, names and summaries, case-insensitively.
        let text = |t: &str| findings_view(&r, &BrowseQuery { text: t.into(), ..BrowseQuery::default() }).shown;
        assert_eq!(text("cve-4"), 1);
        assert_eq!(text(" dsa-cve-2 "), 1);
        assert_eq!(text("CURL"), 2);
        assert_eq!(text("bug in"), 5);
        assert_eq!(text("nothing"), 0);
    }

    #[test]
    fn packages_view_counts_findings_per_package() {
        let rows = packages_view(&report(), "");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1].package.name, "curl");
        assert_eq!(rows[1].summary.medium, 2);
        assert_eq!(packages_view(&report(), "OPENSSL-src").len(), 1);
    }

    #[test]
    fn layers_view_attributes_packages_and_findings() {
        let meta = |index| LayerMeta { index, diff_id: format!("sha256:{index}"), size: Some(10), created_by: None };
        let rows = layers_view(&report(), &[meta(0), meta(1), meta(2)]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].packages, ["bash 1.0", "zlib 1.0"]);
        assert_eq!((rows[0].summary.critical, rows[0].summary.low), (1, 1));
        assert_eq!(rows[1].summary, Summary { critical: 0, high: 1, medium: 2, low: 0, unspecified: 0 });
        assert!(rows[2].packages.is_empty());
        // Without layer metadata the layers come from the packages.
        assert_eq!(layers_view(&report(), &[]).len(), 2);
    }
}
