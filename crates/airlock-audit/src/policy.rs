//! Built-in policies in the spirit of Docker Scout's, evaluated over a scan
//! report and the audits, configured from TOML, with a health score A–F.

use std::collections::{BTreeMap, BTreeSet};

use airlock_report::Report;
use airlock_types::{FindingState, Severity};
use serde::{Deserialize, Serialize};

use crate::AuditError;
use crate::finding::{AuditReport, Location};

/// Schema id of [`PolicyEvaluation`] as JSON.
pub const POLICY_SCHEMA: &str = "airlock.policy/v1";

/// A built-in policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PolicyInfo {
    /// Stable id (the TOML table name).
    pub id: &'static str,
    /// One-line title.
    pub title: &'static str,
    /// What it requires.
    pub description: &'static str,
    /// Default weight in the health score.
    pub weight: u32,
}

/// Every built-in policy.
pub const POLICIES: &[PolicyInfo] = &[
    PolicyInfo {
        id: "no-fixable-critical-high",
        title: "No fixable critical or high vulnerabilities",
        description: "No vulnerability of the configured severities (critical, high) with a fix available, once its grace period (days since publication, default 30) has passed.",
        weight: 3,
    },
    PolicyInfo {
        id: "no-known-exploited",
        title: "No known-exploited vulnerabilities",
        description: "No vulnerability on a known-exploited list (e.g. CISA KEV), when the snapshot has one.",
        weight: 3,
    },
    PolicyInfo {
        id: "non-root-user",
        title: "Default user is not root",
        description: "The image config sets a non-root USER.",
        weight: 2,
    },
    PolicyInfo {
        id: "no-secrets",
        title: "No secrets in the image",
        description: "No secrets in ENV, LABEL or history, and no credential files in any layer.",
        weight: 3,
    },
    PolicyInfo {
        id: "runtime-profile",
        title: "Runtime profile without high-severity findings",
        description: "The runtime file given with --audit has no finding at or above the configured severity (default high).",
        weight: 2,
    },
];

/// Settings of one policy in the TOML file (`[policies.<id>]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySettings {
    /// Whether the policy is evaluated (default true).
    pub enabled: Option<bool>,
    /// Weight in the health score.
    pub weight: Option<u32>,
    /// `no-fixable-critical-high`: severities that count (default critical, high).
    pub severities: Option<Vec<String>>,
    /// `no-fixable-critical-high`: days after publication before a fixable vulnerability fails the policy.
    pub grace_days: Option<u32>,
    /// `runtime-profile`: lowest severity that fails (default high).
    pub max_severity: Option<String>,
    /// Ignored vulnerability ids (or aliases), rule ids, or finding paths.
    #[serde(default)]
    pub exceptions: Vec<String>,
}

/// The TOML policy file: `[policies.<id>]` tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// Settings by policy id.
    #[serde(default)]
    pub policies: BTreeMap<String, PolicySettings>,
}

impl PolicyConfig {
    /// Parses and validates a policy file (`file` names it in errors).
    pub fn from_toml(file: &str, text: &str) -> Result<Self, AuditError> {
        let err = |reason: String| AuditError::Policy { file: file.to_owned(), reason };
        let config: Self = toml::from_str(text).map_err(|e| err(e.to_string().trim().replace('\n', " ")))?;
        for (id, s) in &config.policies {
            if !POLICIES.iter().any(|p| p.id == id) {
                let known: Vec<&str> = POLICIES.iter().map(|p| p.id).collect();
                return Err(err(format!("unknown policy {id:?}; known: {}", known.join(", "))));
            }
            for sev in s.severities.iter().flatten().chain(s.max_severity.iter()) {
                if Severity::parse(sev).is_none() {
                    return Err(err(format!("[policies.{id}]: unknown severity {sev:?}")));
                }
            }
        }
        Ok(config)
    }

    fn settings(&self, id: &str) -> PolicySettings {
        self.policies.get(id).cloned().unwrap_or_default()
    }
}

/// What the policies are evaluated on.
#[derive(Debug, Clone, Copy)]
pub struct PolicyInput<'a> {
    /// The vulnerability report of the image (`scan_image`).
    pub report: Option<&'a Report>,
    /// Publication date (`YYYY-MM-DD…`) by advisory id, from the snapshot.
    pub published: &'a BTreeMap<String, String>,
    /// Known-exploited vulnerability ids; `None` when the snapshot has no such list.
    pub known_exploited: Option<&'a BTreeSet<String>>,
    /// The image configuration audit.
    pub image_audit: Option<&'a AuditReport>,
    /// The runtime audit (`--audit FILE`).
    pub runtime_audit: Option<&'a AuditReport>,
    /// Today's date, `YYYY-MM-DD` (the core has no clock).
    pub today: &'a str,
}

/// Outcome of one policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyStatus {
    /// Requirements met.
    Pass,
    /// At least one violation.
    Fail,
    /// Not evaluated (no data, or disabled); not counted in the score.
    NotEvaluated,
}

impl PolicyStatus {
    /// `pass`, `fail`, `not evaluated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotEvaluated => "not evaluated",
        }
    }
}

/// One thing that breaks a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Vulnerability id or rule id.
    pub id: String,
    /// What and where (secrets masked).
    pub detail: String,
    /// Where, for audit findings.
    pub location: Option<Location>,
}

/// The result of one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyResult {
    /// Policy id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Outcome.
    pub status: PolicyStatus,
    /// Weight in the health score.
    pub weight: u32,
    /// One-line summary (why it passed, failed, or was not evaluated).
    pub summary: String,
    /// Violations (empty unless failed).
    pub violations: Vec<Violation>,
}

/// The health score: weighted pass ratio of the evaluated policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthScore {
    /// `A`–`F`.
    pub grade: char,
    /// Weighted pass ratio in percent (100 when nothing was evaluated).
    pub percent: f64,
    /// Weight of the passed policies.
    pub passed_weight: u32,
    /// Weight of the evaluated policies.
    pub evaluated_weight: u32,
}

impl HealthScore {
    /// Score of passed / evaluated weights: A > 90 %, B > 70 %, C > 50 %, D > 30 %, E > 10 %, else F.
    pub fn from_weights(passed_weight: u32, evaluated_weight: u32) -> Self {
        let percent =
            if evaluated_weight == 0 { 100.0 } else { f64::from(passed_weight) * 100.0 / f64::from(evaluated_weight) };
        let grade = match percent {
            p if p > 90.0 => 'A',
            p if p > 70.0 => 'B',
            p if p > 50.0 => 'C',
            p if p > 30.0 => 'D',
            p if p > 10.0 => 'E',
            _ => 'F',
        };
        Self { grade, percent, passed_weight, evaluated_weight }
    }
}

/// Every policy's result and the health score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyEvaluation {
    /// Always [`POLICY_SCHEMA`].
    pub schema: String,
    /// The image as the user named it.
    pub subject: String,
    /// The date the grace periods were measured from.
    pub today: String,
    /// One result per built-in policy, in catalog order.
    pub results: Vec<PolicyResult>,
    /// The health score.
    pub score: HealthScore,
}

impl PolicyEvaluation {
    /// Whether any policy failed.
    pub fn failed(&self) -> bool {
        self.results.iter().any(|r| r.status == PolicyStatus::Fail)
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` date.
pub fn days_from_date(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let mut parts = d.split('-');
    let (y, m, day): (i64, i64, i64) =
        (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn excepted(exceptions: &[String], ids: &[&str]) -> bool {
    exceptions.iter().any(|e| ids.iter().any(|id| e.eq_ignore_ascii_case(id)))
}

/// Evaluates every built-in policy.
pub fn evaluate(subject: &str, input: &PolicyInput<'_>, config: &PolicyConfig) -> PolicyEvaluation {
    let mut results = Vec::new();
    for info in POLICIES {
        let s = config.settings(info.id);
        let weight = s.weight.unwrap_or(info.weight);
        let (status, summary, violations) = if s.enabled == Some(false) {
            (PolicyStatus::NotEvaluated, "disabled in the policy file".to_owned(), Vec::new())
        } else {
            match info.id {
                "no-fixable-critical-high" => fixable(input, &s),
                "no-known-exploited" => known_exploited(input, &s),
                "non-root-user" => audit_policy(
                    input.image_audit,
                    &s,
                    |r| r == "root-user",
                    "no image audit",
                    "the default user is not root",
                    "the default user is root",
                ),
                "no-secrets" => audit_policy(
                    input.image_audit,
                    &s,
                    |r| r.starts_with("secret-in-") || r == "credential-file",
                    "no image audit",
                    "no secrets found",
                    "secrets found",
                ),
                _ => runtime_profile(input, &s),
            }
        };
        results.push(PolicyResult {
            id: info.id.to_owned(),
            title: info.title.to_owned(),
            status,
            weight,
            summary,
            violations,
        });
    }
    let evaluated: u32 = results.iter().filter(|r| r.status != PolicyStatus::NotEvaluated).map(|r| r.weight).sum();
    let passed: u32 = results.iter().filter(|r| r.status == PolicyStatus::Pass).map(|r| r.weight).sum();
    PolicyEvaluation {
        schema: POLICY_SCHEMA.to_owned(),
        subject: subject.to_owned(),
        today: input.today.to_owned(),
        results,
        score: HealthScore::from_weights(passed, evaluated),
    }
}

type Outcome = (PolicyStatus, String, Vec<Violation>);

fn verdict(violations: Vec<Violation>, pass: String, fail: String) -> Outcome {
    if violations.is_empty() { (PolicyStatus::Pass, pass, violations) } else { (PolicyStatus::Fail, fail, violations) }
}

fn fixable(input: &PolicyInput<'_>, s: &PolicySettings) -> Outcome {
    let Some(report) = input.report else {
        return (PolicyStatus::NotEvaluated, "no vulnerability report".into(), Vec::new());
    };
    let severities: Vec<Severity> = match &s.severities {
        Some(list) => list.iter().filter_map(|v| Severity::parse(v)).collect(),
        None => vec![Severity::Critical, Severity::High],
    };
    let grace = i64::from(s.grace_days.unwrap_or(30));
    let today = days_from_date(input.today);
    let (mut in_grace, mut undated) = (0, 0);
    let mut violations = Vec::new();
    for f in &report.findings {
        if f.state != FindingState::Fixed || !severities.contains(&f.severity) {
            continue;
        }
        let ids: Vec<&str> = std::iter::once(f.id.as_str()).chain(f.aliases.iter().map(String::as_str)).collect();
        if excepted(&s.exceptions, &ids) {
            continue;
        }
        let published = ids.iter().filter_map(|id| input.published.get(*id)).filter_map(|d| days_from_date(d)).min();
        match (published, today) {
            (Some(p), Some(t)) if t - p < grace => {
                in_grace += 1;
                continue;
            }
            (None, _) => undated += 1,
            _ => {}
        }
        violations.push(Violation {
            id: f.id.clone(),
            detail: format!(
                "{} {} {} ({}), fixed in {}",
                f.severity.as_str(),
                f.package.name,
                f.package.version,
                f.id,
                f.fixed_version.as_deref().unwrap_or("?")
            ),
            location: None,
        });
    }
    let names: Vec<&str> = severities.iter().map(|s| s.as_str()).collect();
    let mut extra = String::new();
    if in_grace > 0 {
        extra.push_str(&format!("; {in_grace} within the {grace}-day grace period"));
    }
    if undated > 0 {
        extra.push_str(&format!("; {undated} without a publication date (counted)"));
    }
    let n = violations.len();
    verdict(
        violations,
        format!("no fixable {} vulnerabilities{extra}", names.join("/")),
        format!("{n} fixable {} vulnerabilities{extra}", names.join("/")),
    )
}

fn known_exploited(input: &PolicyInput<'_>, s: &PolicySettings) -> Outcome {
    let Some(list) = input.known_exploited else {
        return (PolicyStatus::NotEvaluated, "the advisory snapshot has no known-exploited list".into(), Vec::new());
    };
    let Some(report) = input.report else {
        return (PolicyStatus::NotEvaluated, "no vulnerability report".into(), Vec::new());
    };
    let violations: Vec<Violation> = report
        .findings
        .iter()
        .filter(|f| {
            let ids: Vec<&str> = std::iter::once(f.id.as_str()).chain(f.aliases.iter().map(String::as_str)).collect();
            ids.iter().any(|id| list.contains(*id)) && !excepted(&s.exceptions, &ids)
        })
        .map(|f| Violation {
            id: f.id.clone(),
            detail: format!("{} {} {} is known to be exploited", f.id, f.package.name, f.package.version),
            location: None,
        })
        .collect();
    let n = violations.len();
    verdict(violations, "no known-exploited vulnerabilities".into(), format!("{n} known-exploited vulnerabilities"))
}

fn finding_violations(
    audit: &AuditReport,
    s: &PolicySettings,
    keep: impl Fn(&AuditReport, &crate::AuditFinding) -> bool,
) -> Vec<Violation> {
    audit
        .findings
        .iter()
        .filter(|f| keep(audit, f) && !excepted(&s.exceptions, &[f.rule.as_str(), f.location.path.as_str()]))
        .map(|f| Violation { id: f.rule.clone(), detail: f.message.clone(), location: Some(f.location.clone()) })
        .collect()
}

fn audit_policy(
    audit: Option<&AuditReport>,
    s: &PolicySettings,
    rule: impl Fn(&str) -> bool,
    missing: &str,
    pass: &str,
    fail: &str,
) -> Outcome {
    let Some(audit) = audit else { return (PolicyStatus::NotEvaluated, missing.into(), Vec::new()) };
    let violations = finding_violations(audit, s, |_, f| rule(&f.rule));
    let n = violations.len();
    verdict(violations, pass.into(), format!("{fail} ({n})"))
}

fn runtime_profile(input: &PolicyInput<'_>, s: &PolicySettings) -> Outcome {
    let Some(audit) = input.runtime_audit else {
        return (PolicyStatus::NotEvaluated, "no runtime file given (--audit FILE)".into(), Vec::new());
    };
    let threshold = s.max_severity.as_deref().and_then(Severity::parse).unwrap_or(Severity::High);
    let violations = finding_violations(audit, s, |_, f| f.severity <= threshold);
    let n = violations.len();
    verdict(
        violations,
        format!("no {}-or-worse findings in {}", threshold.as_str(), audit.subject),
        format!("{n} {}-or-worse findings in {}", threshold.as_str(), audit.subject),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_thresholds() {
        let grade = |p, e| HealthScore::from_weights(p, e).grade;
        assert_eq!(grade(10, 10), 'A');
        assert_eq!(grade(9, 10), 'B');
        assert_eq!(grade(71, 100), 'B');
        assert_eq!(grade(7, 10), 'C');
        assert_eq!(grade(5, 10), 'D');
        assert_eq!(grade(3, 10), 'E');
        assert_eq!(grade(1, 10), 'F');
        assert_eq!(grade(0, 0), 'A');
    }

    #[test]
    fn dates_count_days() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2024-03-01T00:00:00Z").unwrap() - days_from_date("2024-02-28").unwrap(), 2);
        assert_eq!(days_from_date("2024-13-01"), None);
    }

    #[test]
    fn policy_files_are_validated() {
        let ok = PolicyConfig::from_toml(
            "p.toml",
            "[policies.no-fixable-critical-high]\ngrace_days = 7\nexceptions = [\"CVE-2023-0464\"]\n[policies.runtime-profile]\nenabled = false\n",
        )
        .unwrap();
        assert_eq!(ok.settings("no-fixable-critical-high").grace_days, Some(7));
        let err = PolicyConfig::from_toml("p.toml", "[policies.nope]\n").unwrap_err().to_string();
        assert!(err.contains("unknown policy \"nope\""), "{err}");
        let err =
            PolicyConfig::from_toml("p.toml", "[policies.runtime-profile]\nmax_severity = \"huge\"\n").unwrap_err();
        assert!(err.to_string().contains("huge"));
        assert!(PolicyConfig::from_toml("p.toml", "[policies.runtime-profile]\ntypo = 1\n").is_err());
    }
}
