//! Runtime profile audit: `docker container inspect` JSON, Docker Compose
//! files and Kubernetes manifests, auto-detected, normalised to one profile
//! per container and checked against the runtime rules.

mod compose;
mod inspect;
mod k8s;
mod profile;

use std::collections::BTreeSet;

use crate::finding::{AuditReport, InputKind};

use crate::{AuditError, yaml};
pub(crate) use profile::is_root_user;

/// Audits a runtime file. `file` names it in findings and errors; `text` is its content.
pub fn audit_runtime(file: &str, text: &str) -> Result<AuditReport, AuditError> {
    let docs = yaml::parse(text).map_err(|reason| AuditError::Syntax { file: file.to_owned(), reason })?;
    let Some(first) = docs.first() else {
        return Err(AuditError::UnknownFormat { file: file.to_owned(), reason: "the file is empty".into() });
    };
    let mut notes = Vec::new();
    let (kind, profiles) = if inspect::detect(first) {
        (InputKind::DockerInspect, docs.iter().flat_map(inspect::profiles).collect::<Vec<_>>())
    } else if compose::detect(first) {
        (InputKind::Compose, compose::profiles(first))
    } else if docs.iter().any(k8s::detect) {
        let mut skipped = Vec::new();
        let multi = docs.len() > 1;
        let profiles = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| k8s::detect(d))
            .flat_map(|(i, d)| {
                k8s::profiles(d, &if multi { format!("[doc {i}].") } else { String::new() }, &mut skipped)
            })
            .collect::<Vec<_>>();
        let skipped: BTreeSet<String> = skipped.into_iter().collect();
        if !skipped.is_empty() {
            notes.push(format!(
                "skipped objects without a pod template: {}",
                skipped.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        notes.push("no-pids-limit and host-uts are not checked for Kubernetes: PID limits are a kubelet setting (podPidsLimit) and pods cannot share the host UTS namespace".into());
        (InputKind::Kubernetes, profiles)
    } else {
        let keys: Vec<&str> = first.entries().iter().map(|(k, _)| k.as_str()).take(5).collect();
        let reason = if keys.is_empty() {
            "no top-level mapping".to_owned()
        } else {
            format!("top-level keys: {}", keys.join(", "))
        };
        return Err(AuditError::UnknownFormat { file: file.to_owned(), reason });
    };
    if profiles.is_empty() {
        notes.push("no containers found".into());
    }
    let mut seen = BTreeSet::new();
    let findings = profiles
        .iter()
        .flat_map(|p| profile::evaluate(p, file))
        .filter(|f| seen.insert((f.rule.clone(), f.object.clone(), f.location.line, f.location.path.clone())))
        .collect();
    Ok(AuditReport::new(file.to_owned(), kind, findings, notes))
}
