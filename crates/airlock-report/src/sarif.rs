//! SARIF 2.1.0 for GitHub code scanning (`airlock cves --format sarif`):
//! one rule per vulnerability, one result per (vulnerability, package),
//! located at the package's database file in the image.

use std::collections::BTreeMap;

use airlock_types::Severity;
use serde_json::{Value, json};

use crate::export::{DocumentMeta, fnv, pretty, subject_name};
use crate::{FindingEntry, Report};

/// SARIF `level` of a severity (GitHub shows `security-severity` instead
/// when present).
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Unspecified => "note",
    }
}

/// GitHub's `security-severity`: the CVSS score, else the bucket's midpoint.
fn security_severity(f: &FindingEntry) -> String {
    let score = f.cvss.as_ref().map(|c| c.score).unwrap_or(match f.severity {
        Severity::Critical => 9.5,
        Severity::High => 8.0,
        Severity::Medium => 5.5,
        Severity::Low => 2.0,
        Severity::Unspecified => 0.0,
    });
    format!("{score:.1}")
}

fn help_uri(id: &str) -> String {
    if id.starts_with("CVE-") {
        format!("https://nvd.nist.gov/vuln/detail/{id}")
    } else if id.starts_with("GHSA-") {
        format!("https://github.com/advisories/{id}")
    } else {
        format!("https://osv.dev/vulnerability/{id}")
    }
}

fn rule(f: &FindingEntry) -> Value {
    let summary = f.summary.clone().unwrap_or_else(|| format!("{} in {}", f.id, f.package.name));
    let ratings: Vec<String> = f
        .ratings
        .iter()
        .map(|r| match (&r.vector, r.score, &r.label) {
            (Some(v), Some(s), _) => format!("{} CVSS {} {s:.1} ({v})", r.source, r.method),
            (_, _, Some(l)) => format!("{}: {l}", r.source),
            _ => r.source.clone(),
        })
        .collect();
    let mut help = format!("{summary}\n\nSeverity: {} (from {})", f.severity, f.severity_source);
    if !ratings.is_empty() {
        help.push_str(&format!("\nRatings: {}", ratings.join("; ")));
    }
    json!({
        "id": f.id,
        "name": f.id.replace('-', ""),
        "shortDescription": {"text": format!("{}: {}", f.id, first_line(&summary))},
        "fullDescription": {"text": summary},
        "helpUri": help_uri(&f.id),
        "help": {"text": help.clone(), "markdown": help.replace('\n', "  \n")},
        "defaultConfiguration": {"level": level(f.severity)},
        "properties": {
            "security-severity": security_severity(f),
            "tags": ["security", "vulnerability", f.severity.as_str()],
        },
    })
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// The findings of `report` as a SARIF 2.1.0 log.
pub fn render_sarif(report: &Report, meta: &DocumentMeta) -> String {
    let location_of: BTreeMap<&str, &str> =
        report.packages.iter().map(|p| (p.purl.as_str(), p.location.as_str())).collect();
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    let mut results = Vec::new();
    for f in &report.findings {
        let next = rules.len();
        let index = *rule_index.entry(f.id.as_str()).or_insert(next);
        if index == next {
            rules.push(rule(f));
        }
        let file = location_of.get(f.package.purl.as_str()).copied().filter(|l| !l.is_empty()).unwrap_or("/");
        let fix = match &f.fixed_version {
            Some(v) => format!("fixed in {v}"),
            None => "no fix yet".to_owned(),
        };
        let message = format!(
            "{} {} ({}) is affected by {}: severity {}, {fix}. Image: {}",
            f.package.name,
            f.package.version,
            f.package.package_type,
            f.id,
            f.severity,
            subject_name(report)
        );
        results.push(json!({
            "ruleId": f.id,
            "ruleIndex": index,
            "level": level(f.severity),
            "message": {"text": message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": file.trim_start_matches('/')},
                    "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
                },
                "logicalLocations": [{"name": f.package.purl, "kind": "package"}],
            }],
            "partialFingerprints": {
                "airlockFinding/v1": format!("{:016x}", fnv(&format!("{}|{}|{}", f.id, f.package.purl, subject_name(report)))),
            },
        }));
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "airlock",
                "version": meta.tool_version,
                "informationUri": "https://example.invalid/airlock",
                "rules": rules,
            }},
            "results": results,
            // GitHub keeps one analysis per image with this category.
            "automationDetails": {"id": format!("airlock/{}/", subject_name(report))},
            "properties": {"image": subject_name(report), "digest": report.image.digest, "created": meta.created},
        }],
    });
    pretty(&doc)
}
