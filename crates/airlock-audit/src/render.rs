//! Renderers for audit reports and policy evaluations: JSON, SARIF 2.1.0,
//! markdown and text. Findings carry masked secrets only, so every output is
//! safe to share.

use std::fmt::Write as _;

use airlock_types::Severity;
use serde_json::{Value, json};

use crate::finding::{AuditFinding, AuditReport, Location};
use crate::policy::{POLICIES, PolicyEvaluation, PolicyStatus};
use crate::rules::{RULES, Rule};

/// Pretty JSON of any serialisable result (the report types always serialise).
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn where_(l: &Location) -> String {
    match l.line {
        Some(line) => format!("{}:{line} ({})", l.file, l.path),
        None => format!("{} ({})", l.file, l.path),
    }
}

/// Text: one line per finding, most severe first, then the notes.
pub fn audit_text(report: &AuditReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({}): {} finding(s)", report.subject, report.kind.as_str(), report.findings.len());
    for f in &report.findings {
        let _ = writeln!(s, "  {:<8} {:<26} {}", f.severity.as_str().to_uppercase(), f.rule, f.message);
        let _ = writeln!(s, "  {:<8} {:<26} at {}", "", "", where_(&f.location));
    }
    for n in &report.notes {
        let _ = writeln!(s, "  note: {n}");
    }
    s
}

fn md_escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Markdown: a findings table and the notes.
pub fn audit_markdown(report: &AuditReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Audit of `{}` ({})\n", report.subject, report.kind.as_str());
    if report.findings.is_empty() {
        s.push_str("No findings.\n");
    } else {
        s.push_str("| severity | rule | finding | location | reference |\n|---|---|---|---|---|\n");
        for f in &report.findings {
            let reference = f.rule_info().map_or("", |r| r.reference);
            let _ = writeln!(
                s,
                "| {} | `{}` | {} | {} | {} |",
                f.severity.as_str(),
                f.rule,
                md_escape(&f.message),
                md_escape(&where_(&f.location)),
                reference
            );
        }
    }
    for n in &report.notes {
        let _ = writeln!(s, "\n> {}", md_escape(n));
    }
    s
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Unspecified => "note",
    }
}

fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
        Severity::Unspecified => "0.0",
    }
}

fn sarif_rule(r: &Rule) -> Value {
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.why},
        "help": {"text": format!("{} ({})", r.fix, r.reference), "markdown": format!("{}\n\nReference: {}", r.fix, r.reference)},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {"tags": ["security"], "security-severity": security_severity(r.severity), "reference": r.reference}
    })
}

fn sarif_location(l: &Location) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": l.file}});
    if let Some(line) = l.line {
        physical["region"] = json!({"startLine": line});
    }
    json!({"physicalLocation": physical, "logicalLocations": [{"fullyQualifiedName": l.path}]})
}

fn sarif_result(f: &AuditFinding, rule_index: Option<usize>) -> Value {
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [sarif_location(&f.location)],
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = json!(i);
    }
    r
}

fn sarif_log(rules: Vec<Value>, results: Vec<Value>) -> String {
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "airlock",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/airlock",
                "rules": rules
            }},
            "results": results
        }]
    });
    to_json(&log)
}

/// SARIF 2.1.0 of one or more audit reports (all rules listed in the driver).
pub fn audit_sarif(reports: &[&AuditReport]) -> String {
    let rules = RULES.iter().map(sarif_rule).collect();
    let results = reports
        .iter()
        .flat_map(|r| r.findings.iter())
        .map(|f| sarif_result(f, RULES.iter().position(|r| r.id == f.rule)))
        .collect();
    sarif_log(rules, results)
}

/// The rule catalog as text (`airlock audit --list-rules`).
pub fn rules_text() -> String {
    let mut s = String::new();
    for r in RULES {
        let scope = match r.scope {
            crate::rules::Scope::Image => "image",
            crate::rules::Scope::Runtime => "runtime",
        };
        let _ = writeln!(s, "{:<26} {:<8} {:<7} {}", r.id, r.severity.as_str(), scope, r.title);
        let _ = writeln!(s, "{:<43} why: {}", "", r.why);
        let _ = writeln!(s, "{:<43} fix: {}", "", r.fix);
        let _ = writeln!(s, "{:<43} ref: {}", "", r.reference);
    }
    s
}

/// The rule catalog as a markdown table (for the README).
pub fn rules_markdown() -> String {
    let mut s = String::from("| id | scope | severity | title | reference |\n|---|---|---|---|---|\n");
    for r in RULES {
        let scope = match r.scope {
            crate::rules::Scope::Image => "image",
            crate::rules::Scope::Runtime => "runtime",
        };
        let _ = writeln!(s, "| `{}` | {scope} | {} | {} | {} |", r.id, r.severity.as_str(), r.title, r.reference);
    }
    s
}

fn status_mark(status: PolicyStatus) -> &'static str {
    match status {
        PolicyStatus::Pass => "✓ pass",
        PolicyStatus::Fail => "✗ FAIL",
        PolicyStatus::NotEvaluated => "– not evaluated",
    }
}

/// Text: pass/fail per policy, violations, health score.
pub fn policy_text(eval: &PolicyEvaluation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Policy status for {}", eval.subject);
    for r in &eval.results {
        let _ = writeln!(s, "  {:<16} {:<26} {}", status_mark(r.status), r.id, r.summary);
        for v in r.violations.iter().take(20) {
            let _ = writeln!(s, "  {:<16}   - {}", "", v.detail);
        }
        if r.violations.len() > 20 {
            let _ = writeln!(s, "  {:<16}   … and {} more", "", r.violations.len() - 20);
        }
    }
    let sc = &eval.score;
    let _ = writeln!(s, "Health score: {} ({:.0} % of weight {} passed)", sc.grade, sc.percent, sc.evaluated_weight);
    s
}

/// Markdown: a policy table and the health score.
pub fn policy_markdown(eval: &PolicyEvaluation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Policy status for `{}`\n", eval.subject);
    let _ = writeln!(s, "**Health score: {}** ({:.0} %)\n", eval.score.grade, eval.score.percent);
    s.push_str("| policy | status | weight | summary |\n|---|---|---|---|\n");
    for r in &eval.results {
        let _ = writeln!(
            s,
            "| `{}` {} | {} | {} | {} |",
            r.id,
            md_escape(&r.title),
            r.status.as_str(),
            r.weight,
            md_escape(&r.summary)
        );
    }
    for r in eval.results.iter().filter(|r| !r.violations.is_empty()) {
        let _ = writeln!(s, "\n### `{}`\n", r.id);
        for v in &r.violations {
            let _ = writeln!(s, "- {}", md_escape(&v.detail));
        }
    }
    s
}

/// SARIF 2.1.0: one rule per policy, one result per violation.
pub fn policy_sarif(eval: &PolicyEvaluation) -> String {
    let rules = POLICIES
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "name": p.id,
                "shortDescription": {"text": p.title},
                "fullDescription": {"text": p.description},
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["policy"]}
            })
        })
        .collect();
    let results = eval
        .results
        .iter()
        .flat_map(|r| r.violations.iter().map(move |v| (r, v)))
        .map(|(r, v)| {
            let location =
                v.location.clone().unwrap_or(Location { file: eval.subject.clone(), line: None, path: v.id.clone() });
            json!({
                "ruleId": r.id,
                "ruleIndex": POLICIES.iter().position(|p| p.id == r.id).unwrap_or(0),
                "level": "error",
                "message": {"text": format!("{}: {}", r.title, v.detail)},
                "locations": [sarif_location(&location)],
            })
        })
        .collect();
    sarif_log(rules, results)
}
