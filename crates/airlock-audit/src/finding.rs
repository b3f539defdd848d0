//! Audit findings and the report that holds them.

use airlock_types::Severity;
use serde::{Deserialize, Serialize};

use crate::rules::{self, Rule};

/// Schema id of [`AuditReport`] as JSON.
pub const AUDIT_SCHEMA: &str = "airlock.audit/v1";

/// Where a finding comes from: a file, a line and a path inside the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The audited file or image (as the user named it).
    pub file: String,
    /// 1-based line, when the input has lines (YAML / JSON files).
    pub line: Option<usize>,
    /// Path inside the document (`spec.containers[0].securityContext.privileged`,
    /// `config.Env[2]`, `/usr/bin/su` in layer 3).
    pub path: String,
}

/// One rule that fired, with its evidence (secrets always masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFinding {
    /// The rule's stable id (`privileged`, `root-user`).
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// The rule's one-line title.
    pub title: String,
    /// What was seen, for this finding (never an unmasked secret).
    pub message: String,
    /// The container or object the finding is about (`web`, `Deployment/api/app`), if any.
    pub object: Option<String>,
    /// Where it was seen.
    pub location: Location,
}

impl AuditFinding {
    /// A finding of `rule` (looked up in the catalog) with a message and location.
    pub(crate) fn new(rule: &Rule, message: String, object: Option<String>, location: Location) -> Self {
        Self {
            rule: rule.id.to_owned(),
            severity: rule.severity,
            title: rule.title.to_owned(),
            message,
            object,
            location,
        }
    }

    /// The catalog entry of this finding's rule.
    pub fn rule_info(&self) -> Option<&'static Rule> {
        rules::rule(&self.rule)
    }
}

/// What was audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// An image archive (config, history and layers).
    Image,
    /// `docker container inspect` JSON.
    DockerInspect,
    /// A Docker Compose file.
    Compose,
    /// Kubernetes manifests.
    Kubernetes,
}

impl InputKind {
    /// Human name (`docker inspect`, `compose`, `kubernetes`, `image`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::DockerInspect => "docker inspect",
            Self::Compose => "compose",
            Self::Kubernetes => "kubernetes",
        }
    }
}

/// The findings of one audited input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReport {
    /// Always [`AUDIT_SCHEMA`].
    pub schema: String,
    /// The file or image as the user named it.
    pub subject: String,
    /// What kind of input it was.
    pub kind: InputKind,
    /// Findings, most severe first, then by location.
    pub findings: Vec<AuditFinding>,
    /// Caveats (what could not be checked and why).
    pub notes: Vec<String>,
}

impl AuditReport {
    /// A report with its findings sorted (severity, file, line, path, rule).
    pub fn new(subject: String, kind: InputKind, mut findings: Vec<AuditFinding>, notes: Vec<String>) -> Self {
        findings.sort_by(|a, b| {
            (a.severity, &a.location.file, a.location.line, &a.location.path, &a.rule).cmp(&(
                b.severity,
                &b.location.file,
                b.location.line,
                &b.location.path,
                &b.rule,
            ))
        });
        Self { schema: AUDIT_SCHEMA.to_owned(), subject, kind, findings, notes }
    }

    /// Whether any finding is at least as severe as `severity`.
    pub fn has_at_least(&self, severity: Severity) -> bool {
        self.findings.iter().any(|f| f.severity <= severity)
    }

    /// Findings of one rule.
    pub fn of_rule<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a AuditFinding> + 'a {
        self.findings.iter().filter(move |f| f.rule == id)
    }
}
