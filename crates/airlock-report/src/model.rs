//! The report data model (`airlock.report/v1`).

use airlock_types::{Finding, FindingState, Package, PackageType, Rating, Severity, SeveritySource};
use serde::{Deserialize, Serialize};

/// Schema identifier written in every report.
pub const SCHEMA: &str = "airlock.report/v1";

/// The operating system, as detected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsEntry {
    /// `ID` (`debian`).
    pub id: String,
    /// `VERSION_ID` (`12`).
    pub version_id: Option<String>,
    /// `PRETTY_NAME`.
    pub pretty_name: Option<String>,
}

/// What was scanned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageSummary {
    /// The image's own reference: a `RepoTags` entry or the OCI
    /// `org.opencontainers.image.ref.name` annotation (which may be a bare tag).
    pub reference: Option<String>,
    /// What the user gave to scan (a file path or name), if any.
    #[serde(default)]
    pub source: Option<String>,
    /// Manifest digest when known, else the config digest (image id).
    pub digest: Option<String>,
    /// `os/arch[/variant]`.
    pub platform: Option<String>,
    /// Detected OS.
    pub os: Option<OsEntry>,
}

/// One catalogued package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageEntry {
    /// `deb`, `apk`.
    #[serde(rename = "type")]
    pub package_type: PackageType,
    /// Binary package name.
    pub name: String,
    /// Installed version.
    pub version: String,
    /// Package URL.
    pub purl: String,
    /// Source package name.
    pub source_name: String,
    /// Source package version.
    pub source_version: String,
    /// diff_id of the layer that introduced it.
    pub layer: Option<String>,
    /// 0-based index of that layer.
    pub layer_index: Option<usize>,
    /// Database file it was read from.
    pub location: String,
}

/// The package a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingPackage {
    /// `deb`, `apk`.
    #[serde(rename = "type")]
    pub package_type: PackageType,
    /// Binary package name.
    pub name: String,
    /// Installed version.
    pub version: String,
    /// Package URL.
    pub purl: String,
}

/// CVSS data of a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvssEntry {
    /// `3.1`, `3.0`.
    pub version: String,
    /// The vector.
    pub vector: String,
    /// Base score computed from the vector.
    pub score: f64,
}

/// One (package, vulnerability) finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingEntry {
    /// Primary id (CVE when there is one).
    pub id: String,
    /// Other ids for the same issue.
    pub aliases: Vec<String>,
    /// The affected package.
    pub package: FindingPackage,
    /// `fixed` (a fix exists), `unfixed` or `wont-fix` (the distribution will not fix it).
    pub state: FindingState,
    /// First fixed version, if any.
    pub fixed_version: Option<String>,
    /// Affected range as text.
    pub affected_range: String,
    /// Severity bucket.
    pub severity: Severity,
    /// What set the severity.
    pub severity_source: SeveritySource,
    /// CVSS vector and score, if any.
    pub cvss: Option<CvssEntry>,
    /// One-line summary, if any.
    pub summary: Option<String>,
    /// Every source's rating and vector side by side (vendor first, then
    /// CVSS v4/v3/v2), so a reader sees why scanners disagree.
    #[serde(default)]
    pub ratings: Vec<Rating>,
    /// A VEX statement or ignore-file entry that applies to this finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vex: Option<VexAnnotation>,
}

/// The VEX status of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VexStatus {
    /// The product is not affected: the finding is suppressed.
    NotAffected,
    /// The product is fixed: the finding is suppressed.
    Fixed,
    /// Still being investigated: the finding stays, annotated.
    UnderInvestigation,
    /// Confirmed affected: the finding stays, annotated.
    Affected,
}

impl VexStatus {
    /// Whether this status removes the finding from the counted findings.
    pub fn suppresses(self) -> bool {
        matches!(self, Self::NotAffected | Self::Fixed)
    }

    /// The OpenVEX spelling (`not_affected`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAffected => "not_affected",
            Self::Fixed => "fixed",
            Self::UnderInvestigation => "under_investigation",
            Self::Affected => "affected",
        }
    }
}

/// Why a finding is suppressed or annotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexAnnotation {
    /// The status the statement gives.
    pub status: VexStatus,
    /// The justification (`vulnerable_code_not_in_execute_path`, …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Free text: impact statement, action statement or ignore reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Where the statement came from (`openvex:path`, `image:/path`, `ignore:path`).
    pub source: String,
    /// For an ignore entry past its expiry date: the date. Such an entry no
    /// longer suppresses; the annotation says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<String>,
}

/// Counts of findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Critical findings.
    pub critical: usize,
    /// High findings.
    pub high: usize,
    /// Medium findings.
    pub medium: usize,
    /// Low findings.
    pub low: usize,
    /// Findings with no known severity.
    pub unspecified: usize,
}

impl Summary {
    /// Counts the severities of `findings`.
    pub fn count<'a>(findings: impl IntoIterator<Item = &'a FindingEntry>) -> Self {
        let mut s = Self::default();
        for f in findings {
            match f.severity {
                Severity::Critical => s.critical += 1,
                Severity::High => s.high += 1,
                Severity::Medium => s.medium += 1,
                Severity::Low => s.low += 1,
                Severity::Unspecified => s.unspecified += 1,
            }
        }
        s
    }

    /// Total findings.
    pub fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low + self.unspecified
    }
}

/// A scan result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// What was scanned.
    pub image: ImageSummary,
    /// Packages, sorted by (type, name, version).
    pub packages: Vec<PackageEntry>,
    /// Findings, sorted by package then severity then id.
    pub findings: Vec<FindingEntry>,
    /// Severity counts of `findings`.
    pub summary: Summary,
    /// Things the user should know about the scan (unsupported OS, skipped
    /// records, package-database warnings).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Findings a VEX statement or ignore entry suppressed (`not_affected`,
    /// `fixed`); not counted in `summary`. Shown with `--show-suppressed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<FindingEntry>,
}

impl Report {
    /// Builds a report from the pipeline's packages and findings.
    pub fn new(image: ImageSummary, packages: &[Package], findings: &[Finding]) -> Self {
        let mut sorted: Vec<&Package> = packages.iter().collect();
        sorted.sort_by(|a, b| {
            (a.package_type, &a.name)
                .cmp(&(b.package_type, &b.name))
                .then_with(|| a.version.try_cmp(&b.version).unwrap_or_else(|_| a.version.raw().cmp(b.version.raw())))
                .then_with(|| a.purl.cmp(&b.purl))
        });
        let package_entries: Vec<PackageEntry> = sorted
            .into_iter()
            .map(|p| PackageEntry {
                package_type: p.package_type,
                name: p.name.clone(),
                version: p.version.to_string(),
                purl: p.purl.to_string(),
                source_name: p.source_name.clone(),
                source_version: p.source_version.to_string(),
                layer: p.layer.as_ref().map(|l| l.diff_id.to_string()),
                layer_index: p.layer.as_ref().map(|l| l.index),
                location: p.location.clone(),
            })
            .collect();
        let mut finding_entries: Vec<FindingEntry> = findings
            .iter()
            .filter_map(|f| {
                let p = packages.get(f.package_index)?;
                Some(FindingEntry {
                    id: f.id.to_string(),
                    aliases: f.aliases.iter().map(ToString::to_string).collect(),
                    package: FindingPackage {
                        package_type: p.package_type,
                        name: p.name.clone(),
                        version: p.version.to_string(),
                        purl: p.purl.to_string(),
                    },
                    state: f.state,
                    fixed_version: f.fixed_version.as_ref().map(ToString::to_string),
                    affected_range: f.affected_range.clone(),
                    severity: f.severity,
                    severity_source: f.severity_source.clone(),
                    cvss: f.cvss.as_ref().map(|c| CvssEntry {
                        version: c.version.clone(),
                        vector: c.vector.clone(),
                        score: c.score,
                    }),
                    summary: f.summary.clone(),
                    ratings: f.ratings.clone(),
                    vex: None,
                })
            })
            .collect();
        finding_entries.sort_by(|a, b| {
            (a.package.package_type, &a.package.name, &a.package.version, a.severity, &a.id).cmp(&(
                b.package.package_type,
                &b.package.name,
                &b.package.version,
                b.severity,
                &b.id,
            ))
        });
        let summary = Summary::count(&finding_entries);
        Self {
            schema: SCHEMA.into(),
            image,
            packages: package_entries,
            findings: finding_entries,
            summary,
            notes: Vec::new(),
            suppressed: Vec::new(),
        }
    }
}
