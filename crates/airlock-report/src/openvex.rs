//! OpenVEX 0.2.0 of the findings (`airlock cves --format openvex`): one
//! statement per (vulnerability, package) — `affected` for open findings,
//! the VEX status for suppressed or annotated ones.

use serde_json::{Value, json};

use crate::export::{DocumentMeta, pretty, subject_name, uuid_from};
use crate::{FindingEntry, Report, VexStatus};

/// OpenVEX's justifications, passed through when a statement gave one.
const JUSTIFICATIONS: [&str; 5] = [
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
];

fn statement(report: &Report, f: &FindingEntry) -> Value {
    let vex = f.vex.as_ref().filter(|v| v.expired.is_none());
    let status = vex.map_or(VexStatus::Affected, |v| v.status);
    let mut product = json!({"@id": f.package.purl});
    if let Some(d) = &report.image.digest {
        product = json!({"@id": format!("{}@{d}", subject_name(report)), "subcomponents": [{"@id": f.package.purl}]});
    }
    let mut s = json!({
        "vulnerability": {"name": f.id, "aliases": f.aliases},
        "products": [product],
        "status": status.as_str(),
    });
    match status {
        VexStatus::NotAffected => {
            let j = vex.and_then(|v| v.justification.as_deref()).filter(|j| JUSTIFICATIONS.contains(j));
            match j {
                Some(j) => s["justification"] = json!(j),
                // OpenVEX requires a justification or an impact statement.
                None => {
                    s["impact_statement"] = json!(
                        vex.and_then(|v| v.detail.clone())
                            .unwrap_or_else(|| format!("not affected ({})", vex.map_or("", |v| &v.source)))
                    )
                }
            }
        }
        VexStatus::Affected => {
            s["action_statement"] = json!(match &f.fixed_version {
                Some(v) => format!("upgrade {} to {v}", f.package.name),
                None => "no fix available yet".to_owned(),
            });
        }
        VexStatus::Fixed | VexStatus::UnderInvestigation => {}
    }
    s
}

/// The findings (and suppressed findings) of `report` as an OpenVEX
/// document; `None` when there are none (OpenVEX requires at least one
/// statement).
pub fn render_openvex(report: &Report, meta: &DocumentMeta) -> Option<String> {
    let statements: Vec<Value> =
        report.findings.iter().chain(&report.suppressed).map(|f| statement(report, f)).collect();
    if statements.is_empty() {
        return None;
    }
    let doc = json!({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": format!("https://airlock.invalid/vex/{}", uuid_from(&format!("{}|{}", subject_name(report), meta.created))),
        "author": "Airlock",
        "timestamp": meta.created,
        "version": 1,
        "tooling": format!("airlock {}", meta.tool_version),
        "statements": statements,
    });
    Some(pretty(&doc))
}
