//! Matching statements to findings and moving suppressed ones aside.

use airlock_report::{FindingEntry, Report, Summary, VexAnnotation};
use airlock_types::Purl;

use crate::{ProductMatch, Statement};

/// Whether a statement's purl names the finding's package: same type,
/// namespace and name; same version when the statement gives one.
fn purl_matches(wanted: &str, package_purl: &str) -> bool {
    let (Ok(w), Ok(p)) = (Purl::try_from(wanted.to_owned()), Purl::try_from(package_purl.to_owned())) else {
        return false;
    };
    w.ty == p.ty
        && w.namespace.as_deref().map(str::to_ascii_lowercase) == p.namespace.as_deref().map(str::to_ascii_lowercase)
        && w.name == p.name
        && (w.version.is_none() || w.version == p.version)
}

fn about(statement: &Statement, f: &FindingEntry) -> bool {
    let ids = || std::iter::once(&statement.vulnerability).chain(&statement.aliases);
    let id_match =
        ids().any(|id| id.eq_ignore_ascii_case(&f.id) || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(id)));
    id_match
        && (statement.products.is_empty()
            || statement.products.iter().any(|p| match p {
                ProductMatch::Purl(purl) => purl_matches(purl, &f.package.purl),
                ProductMatch::Name(name) => name == &f.package.name,
            }))
}

fn annotation(s: &Statement, expired: bool) -> VexAnnotation {
    VexAnnotation {
        status: s.status,
        justification: s.justification.clone(),
        detail: s.detail.clone(),
        source: s.source.clone(),
        expired: if expired { s.expires.clone() } else { None },
    }
}

/// Applies `statements` to `report`: a finding matched by a live
/// `not_affected`/`fixed` statement moves to [`Report::suppressed`]; one
/// matched only by `under_investigation`/`affected` is annotated; one
/// matched only by an expired ignore entry is annotated with the expiry
/// date and a note says it is no longer suppressed. `today`
/// (`YYYY-MM-DD`) decides expiry; without it no entry expires. The
/// summary is recomputed. Returns how many findings were suppressed.
pub fn apply(report: &mut Report, statements: &[Statement], today: Option<&str>) -> usize {
    if statements.is_empty() {
        return 0;
    }
    let mut kept = Vec::new();
    let mut suppressed = 0;
    for mut f in std::mem::take(&mut report.findings) {
        let matching: Vec<&Statement> = statements.iter().filter(|s| about(s, &f)).collect();
        let is_expired = |s: &Statement| matches!((s.expires.as_deref(), today), (Some(e), Some(t)) if e < t);
        if let Some(s) = matching.iter().find(|s| s.status.suppresses() && !is_expired(s)) {
            f.vex = Some(annotation(s, false));
            report.suppressed.push(f);
            suppressed += 1;
            continue;
        }
        if let Some(s) = matching.iter().find(|s| !s.status.suppresses()) {
            f.vex = Some(annotation(s, false));
        } else if let Some(s) = matching.iter().find(|s| is_expired(s)) {
            report.notes.push(format!(
                "{} ({} {}): the entry in {} expired on {}; no longer suppressed",
                f.id,
                f.package.name,
                f.package.version,
                s.source,
                s.expires.as_deref().unwrap_or("?")
            ));
            f.vex = Some(annotation(s, true));
        }
        kept.push(f);
    }
    report.findings = kept;
    report.summary = Summary::count(&report.findings);
    suppressed
}
