//! Markdown for pull-request comments (`airlock cves --format markdown`).

use std::fmt::Write;

use crate::export::subject_name;
use crate::{FindingEntry, Report};

/// Escapes the characters that break a markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn ratings(f: &FindingEntry) -> String {
    let parts: Vec<String> = f
        .ratings
        .iter()
        .map(|r| match (r.score, &r.label) {
            (Some(score), _) => format!("{} v{} {score:.1}", r.source, r.method),
            (None, Some(label)) => format!("{}: {label}", r.source),
            _ => r.source.clone(),
        })
        .collect();
    if parts.is_empty() { "-".to_owned() } else { cell(&parts.join(", ")) }
}

fn row(out: &mut String, f: &FindingEntry) {
    let fixed = f.fixed_version.as_deref().unwrap_or("no fix yet");
    let _ = writeln!(
        out,
        "| {} | {} | `{}` {} | {} | {} |",
        f.severity,
        f.id,
        cell(&f.package.name),
        cell(&f.package.version),
        cell(fixed),
        ratings(f)
    );
}

/// The findings of `report` as a markdown comment: counts, then one table
/// row per finding (most severe first), then the suppressed ones in a
/// collapsed section.
pub fn render_markdown(report: &Report, out: &mut String) {
    let s = &report.summary;
    let _ = writeln!(out, "### Airlock: `{}`\n", cell(&subject_name(report)));
    if let Some(os) = &report.image.os {
        let _ = writeln!(out, "OS: {}\n", os.pretty_name.clone().unwrap_or_else(|| os.id.clone()));
    }
    let _ = writeln!(out, "| critical | high | medium | low | unspecified |\n|---:|---:|---:|---:|---:|");
    let _ = writeln!(out, "| {} | {} | {} | {} | {} |\n", s.critical, s.high, s.medium, s.low, s.unspecified);
    if report.findings.is_empty() {
        out.push_str("No vulnerabilities found.\n");
    } else {
        let mut sorted: Vec<&FindingEntry> = report.findings.iter().collect();
        sorted.sort_by(|a, b| (a.severity, &a.id, &a.package.name).cmp(&(b.severity, &b.id, &b.package.name)));
        out.push_str("| severity | vulnerability | package | fixed in | ratings |\n|---|---|---|---|---|\n");
        for f in sorted {
            row(out, f);
        }
    }
    if !report.suppressed.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} suppressed by VEX or ignore file</summary>\n",
            report.suppressed.len()
        );
        out.push_str("| vulnerability | package | status | why |\n|---|---|---|---|\n");
        for f in &report.suppressed {
            let (status, why) = f.vex.as_ref().map_or(("-", String::new()), |v| {
                (
                    v.status.as_str(),
                    [v.justification.clone(), v.detail.clone(), Some(v.source.clone())]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            });
            let _ = writeln!(
                out,
                "| {} | `{}` {} | {status} | {} |",
                f.id,
                cell(&f.package.name),
                cell(&f.package.version),
                cell(&why)
            );
        }
        out.push_str("\n</details>\n");
    }
}
