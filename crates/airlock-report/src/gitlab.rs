//! GitLab container-scanning report (`airlock cves --format gitlab`),
//! schema version 15.

use airlock_types::Severity;
use serde_json::{Value, json};

use crate::export::{DocumentMeta, pretty, subject_name, uuid_from};
use crate::{FindingEntry, Report};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Unspecified => "Unknown",
    }
}

fn identifier(id: &str) -> Value {
    let (kind, url) = if id.starts_with("CVE-") {
        ("cve", format!("https://nvd.nist.gov/vuln/detail/{id}"))
    } else if id.starts_with("GHSA-") {
        ("ghsa", format!("https://github.com/advisories/{id}"))
    } else {
        ("osv", format!("https://osv.dev/vulnerability/{id}"))
    };
    json!({"type": kind, "name": id, "value": id, "url": url})
}

fn vulnerability(report: &Report, f: &FindingEntry) -> Value {
    let os = report.image.os.as_ref().map_or_else(String::new, |os| {
        format!("{} {}", os.id, os.version_id.as_deref().unwrap_or("")).trim().to_owned()
    });
    let mut v = json!({
        "id": uuid_from(&format!("{}|{}|{}", f.id, f.package.purl, subject_name(report))),
        "name": f.id,
        "description": f.summary.clone().unwrap_or_else(|| format!("{} affects {} {}", f.id, f.package.name, f.package.version)),
        "severity": severity(f.severity),
        "identifiers": std::iter::once(&f.id).chain(&f.aliases).map(|id| identifier(id)).collect::<Vec<_>>(),
        "location": {
            "dependency": {"package": {"name": f.package.name}, "version": f.package.version},
            "operating_system": if os.is_empty() { "unknown".to_owned() } else { os },
            "image": subject_name(report),
        },
    });
    if let Some(fix) = &f.fixed_version {
        v["solution"] = json!(format!("Upgrade {} to {fix}", f.package.name));
    }
    v
}

/// GitLab wants `YYYY-MM-DDTHH:MM:SS` without a zone.
fn gitlab_time(rfc3339: &str) -> String {
    rfc3339.get(..19).unwrap_or(rfc3339).to_owned()
}

/// The findings of `report` as a GitLab container-scanning report.
pub fn render_gitlab(report: &Report, meta: &DocumentMeta) -> String {
    let tool = json!({
        "id": "airlock", "name": "Airlock", "version": meta.tool_version, "vendor": {"name": "Airlock"},
    });
    let doc = json!({
        "version": "15.0.7",
        "scan": {
            "analyzer": tool,
            "scanner": tool,
            "type": "container_scanning",
            "start_time": gitlab_time(&meta.created),
            "end_time": gitlab_time(&meta.created),
            "status": "success",
        },
        "vulnerabilities": report.findings.iter().map(|f| vulnerability(report, f)).collect::<Vec<_>>(),
        "remediations": [],
    });
    pretty(&doc)
}
