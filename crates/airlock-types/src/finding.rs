//! Vulnerability findings and their severity.

use std::fmt;

use airlock_version::Version;
use serde::{Deserialize, Serialize};

/// An advisory identifier (`CVE-2024-1234`, `DSA-5678-1`, `GHSA-…`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AdvisoryId(String);

impl AdvisoryId {
    /// Wraps an id, trimming surrounding whitespace.
    pub fn new(id: &str) -> Self {
        Self(id.trim().to_owned())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a CVE id.
    pub fn is_cve(&self) -> bool {
        self.0.starts_with("CVE-")
    }
}

impl fmt::Display for AdvisoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Severity buckets, ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// CVSS 9.0–10.0.
    Critical,
    /// CVSS 7.0–8.9.
    High,
    /// CVSS 4.0–6.9.
    Medium,
    /// CVSS 0.1–3.9.
    Low,
    /// Nothing is known.
    Unspecified,
}

impl Severity {
    /// Maps a CVSS base score to its bucket (0.0 is `Unspecified`).
    pub fn from_score(score: f64) -> Self {
        match score {
            s if s >= 9.0 => Self::Critical,
            s if s >= 7.0 => Self::High,
            s if s >= 4.0 => Self::Medium,
            s if s > 0.0 => Self::Low,
            _ => Self::Unspecified,
        }
    }

    /// Lowercase name (`critical`, …, `unspecified`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Unspecified => "unspecified",
        }
    }

    /// Parses a lowercase or capitalised name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "critical" => Self::Critical,
            "high" => Self::High,
            "medium" => Self::Medium,
            "low" => Self::Low,
            "unspecified" => Self::Unspecified,
            _ => return None,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What set a finding's severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum SeveritySource {
    /// The CVSS base score computed from the advisory's vector.
    Cvss,
    /// The distribution's own urgency/priority (the text, e.g. `medium`).
    DistroUrgency(String),
    /// Nothing known.
    None,
}

impl fmt::Display for SeveritySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cvss => f.write_str("cvss"),
            Self::DistroUrgency(u) => write!(f, "distro urgency ({u})"),
            Self::None => f.write_str("none"),
        }
    }
}

/// A CVSS vector with its computed base score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cvss {
    /// CVSS version (`3.1`, `3.0`).
    pub version: String,
    /// The full vector string.
    pub vector: String,
    /// The base score computed from the vector.
    pub score: f64,
}

/// Whether a fix is available for a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingState {
    /// A fixed version exists in the distribution.
    Fixed,
    /// No fix is available yet.
    Unfixed,
    /// The distribution has decided not to fix it (Ubuntu `ignored`,
    /// Wolfi `fix-not-planned`).
    WontFix,
}

/// One vulnerability affecting one package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The primary id (a CVE when there is one).
    pub id: AdvisoryId,
    /// Other ids for the same issue (DSA, DLA, GHSA, …), sorted.
    pub aliases: Vec<AdvisoryId>,
    /// Index of the affected package in the inventory.
    pub package_index: usize,
    /// Fix availability.
    pub state: FindingState,
    /// The first fixed version, if any.
    pub fixed_version: Option<Version>,
    /// Human-readable affected range (`< 1.35.0-r18`, `>= 0`).
    pub affected_range: String,
    /// Severity bucket.
    pub severity: Severity,
    /// What set the severity.
    pub severity_source: SeveritySource,
    /// CVSS vector and score, when the advisory has one.
    pub cvss: Option<Cvss>,
    /// One-line description, if the advisory has one.
    pub summary: Option<String>,
    /// Every source's rating (vendor severity, each CVSS vector) side by
    /// side, the deciding one first; empty when nothing is known.
    #[serde(default)]
    pub ratings: Vec<Rating>,
}

/// One source's view of a vulnerability's severity: a vendor rating
/// (Debian urgency, Ubuntu priority, Red Hat severity) or a scored CVSS
/// vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// Who gave it: a vendor (`debian`, `ubuntu`, `redhat`) or the advisory
    /// record that carried the vector (`CVE-2024-1234`, `GHSA-…`).
    pub source: String,
    /// `vendor` for a vendor rating, else the CVSS version (`2.0`, `3.0`, `3.1`, `4.0`).
    pub method: String,
    /// The bucket this rating alone gives.
    pub severity: Severity,
    /// The vendor's own words (`unimportant`, `Important`), for vendor ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The CVSS vector, for CVSS ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<String>,
    /// The base score computed from the vector, for CVSS ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}
