//! The text list of findings suppressed by VEX or an ignore file.

use std::fmt::Write;

use crate::Report;

/// Writes one line per suppressed finding (id, package, status,
/// justification or reason, source), or nothing when there are none.
pub fn render_suppressed(report: &Report, out: &mut String) {
    if report.suppressed.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nSuppressed ({}):", report.suppressed.len());
    for f in &report.suppressed {
        let Some(v) = &f.vex else { continue };
        let why: Vec<&str> = [v.justification.as_deref(), v.detail.as_deref()].into_iter().flatten().collect();
        let why = if why.is_empty() { String::new() } else { format!(": {}", why.join("; ")) };
        let _ = writeln!(
            out,
            "  {} {} {} — {}{why} [{}]",
            f.id,
            f.package.name,
            f.package.version,
            v.status.as_str(),
            v.source
        );
    }
}
