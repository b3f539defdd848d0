//! Kubernetes manifests → profiles (one per container of each workload).

use super::profile::{At, Limit, Profile};
use crate::yaml::Node;

/// Whether a document is a Kubernetes object (`apiVersion` and `kind`).
pub(crate) fn detect(doc: &Node) -> bool {
    doc.get("apiVersion").is_some() && doc.get("kind").is_some()
}

/// SELinux types the Baseline profile allows.
const SELINUX_ALLOWED: &[&str] = &["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

/// Profiles of every container in one object (a `List` is walked). Kinds
/// without a pod template are returned in `skipped`.
pub(crate) fn profiles(doc: &Node, base: &str, skipped: &mut Vec<String>) -> Vec<Profile> {
    let kind = doc.get("kind").and_then(Node::str).unwrap_or("");
    if kind == "List" {
        let items = doc.get("items").map(Node::items).unwrap_or_default();
        return items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| profiles(item, &format!("{base}items[{i}]."), skipped))
            .collect();
    }
    let (spec, spec_path) = match kind {
        "Pod" => (doc.get("spec"), "spec"),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" | "ReplicationController" => {
            (doc.get("spec").and_then(|s| s.get("template")).and_then(|t| t.get("spec")), "spec.template.spec")
        }
        "CronJob" => (
            doc.get("spec")
                .and_then(|s| s.get("jobTemplate"))
                .and_then(|j| j.get("spec"))
                .and_then(|s| s.get("template"))
                .and_then(|t| t.get("spec")),
            "spec.jobTemplate.spec.template.spec",
        ),
        other => {
            skipped.push(other.to_owned());
            return Vec::new();
        }
    };
    let Some(spec) = spec else { return Vec::new() };
    let name = doc.get("metadata").and_then(|m| m.get("name")).and_then(Node::str).unwrap_or("(unnamed)");
    let template_meta = match kind {
        "Pod" => doc.get("metadata"),
        "CronJob" => doc
            .get("spec")
            .and_then(|s| s.get("jobTemplate"))
            .and_then(|j| j.get("spec"))
            .and_then(|s| s.get("template"))
            .and_then(|t| t.get("metadata")),
        _ => doc.get("spec").and_then(|s| s.get("template")).and_then(|t| t.get("metadata")),
    };
    let pod = PodCtx {
        spec,
        path: format!("{base}{spec_path}"),
        annotations: template_meta.and_then(|m| m.get("annotations")),
    };
    let mut out = Vec::new();
    for list in ["initContainers", "containers"] {
        for (i, c) in spec.get(list).map(Node::items).unwrap_or_default().iter().enumerate() {
            let cname = c.get("name").and_then(Node::str).unwrap_or("(unnamed)");
            let object = format!("{kind}/{name} container {cname}");
            out.push(container(&pod, c, &format!("{}.{list}[{i}]", pod.path), object, cname));
        }
    }
    out
}

struct PodCtx<'a> {
    spec: &'a Node,
    path: String,
    annotations: Option<&'a Node>,
}

fn is_true(n: Option<&Node>) -> bool {
    n.and_then(Node::bool) == Some(true)
}

fn container(pod: &PodCtx<'_>, c: &Node, path: &str, object: String, cname: &str) -> Profile {
    let spec = pod.spec;
    let pp = |k: &str| format!("{}.{k}", pod.path);
    let cp = |k: &str| format!("{path}.{k}");
    let mut p = Profile { object, line: c.line, path: path.to_owned(), ..Profile::default() };
    let pod_sc = spec.get("securityContext");
    let sc = c.get("securityContext");
    let (csc, psc) = (|k: &str| sc.and_then(|s| s.get(k)), |k: &str| pod_sc.and_then(|s| s.get(k)));
    if let Some(n) = csc("privileged").filter(|n| n.bool() == Some(true)) {
        p.privileged = Some(At::new((), n, cp("securityContext.privileged")));
    }
    let caps = csc("capabilities");
    if let Some(add) = caps.and_then(|c| c.get("add")) {
        for (i, cap) in add.items().iter().enumerate() {
            if let Some(v) = cap.str() {
                p.cap_add.push(At::new(v.to_owned(), cap, cp(&format!("securityContext.capabilities.add[{i}]"))));
            }
        }
    }
    p.drops_all = caps
        .and_then(|c| c.get("drop"))
        .is_some_and(|d| d.items().iter().any(|v| v.str().is_some_and(|s| s.eq_ignore_ascii_case("ALL"))));
    for (key, slot) in
        [("hostPID", &mut p.host_pid), ("hostNetwork", &mut p.host_network), ("hostIPC", &mut p.host_ipc)]
    {
        if let Some(n) = spec.get(key).filter(|n| n.bool() == Some(true)) {
            *slot = Some(At::new((), n, pp(key)));
        }
    }
    if let Some(n) = spec.get("hostUsers").filter(|n| n.bool() == Some(true)) {
        p.host_userns = Some(At::new((), n, pp("hostUsers")));
    }
    // Kubernetes has no UTS sharing field and sets PID limits in the kubelet.
    p.pids = Limit::NotApplicable;
    let mounted: Vec<&str> = c
        .get("volumeMounts")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m.get("name").and_then(Node::str))
        .collect();
    for (i, v) in spec.get("volumes").map(Node::items).unwrap_or_default().iter().enumerate() {
        let vname = v.get("name").and_then(Node::str).unwrap_or("");
        if let Some(hp) = v.get("hostPath")
            && mounted.contains(&vname)
            && let Some(path_node) = hp.get("path")
            && let Some(host) = path_node.str()
        {
            let is_device = matches!(hp.get("type").and_then(Node::str), Some("CharDevice" | "BlockDevice"));
            let at = At::new(host.to_owned(), path_node, pp(&format!("volumes[{i}].hostPath.path")));
            if is_device { p.devices.push(at) } else { p.mounts.push(at) }
        }
    }
    let limits = c.get("resources").and_then(|r| r.get("limits"));
    let has = |k: &str| limits.and_then(|l| l.get(k)).is_some_and(|n| !n.is_null());
    p.memory = if has("memory") { Limit::Set } else { Limit::Missing };
    p.cpu = if has("cpu") { Limit::Set } else { Limit::Missing };
    let seccomp = csc("seccompProfile")
        .map(|s| (s, cp("securityContext.seccompProfile.type")))
        .or_else(|| psc("seccompProfile").map(|s| (s, pp("securityContext.seccompProfile.type"))));
    if let Some((s, path)) = seccomp
        && let Some(t) = s.get("type").filter(|t| t.str() == Some("Unconfined"))
    {
        p.seccomp_unconfined = Some(At::new((), t, path));
    }
    let apparmor = csc("appArmorProfile")
        .map(|s| (s, cp("securityContext.appArmorProfile.type")))
        .or_else(|| psc("appArmorProfile").map(|s| (s, pp("securityContext.appArmorProfile.type"))));
    if let Some((s, path)) = apparmor
        && let Some(t) = s.get("type").filter(|t| t.str() == Some("Unconfined"))
    {
        p.apparmor_unconfined = Some(At::new((), t, path));
    }
    let annotation = format!("container.apparmor.security.beta.kubernetes.io/{cname}");
    if let Some(n) = pod.annotations.and_then(|a| a.get(&annotation)).filter(|n| n.str() == Some("unconfined")) {
        p.apparmor_unconfined = Some(At::new((), n, format!("metadata.annotations.{annotation}")));
    }
    let selinux = csc("seLinuxOptions")
        .map(|s| (s, cp("securityContext.seLinuxOptions.type")))
        .or_else(|| psc("seLinuxOptions").map(|s| (s, pp("securityContext.seLinuxOptions.type"))));
    if let Some((s, path)) = selinux
        && let Some(t) = s.get("type")
        && let Some(ty) = t.str()
        && !SELINUX_ALLOWED.contains(&ty)
    {
        p.selinux_disabled = Some(At::new(format!("type {ty}"), t, path));
    }
    p.no_new_privileges = csc("allowPrivilegeEscalation").and_then(Node::bool) == Some(false);
    p.read_only_root = is_true(csc("readOnlyRootFilesystem"));
    let run_as_user = csc("runAsUser")
        .map(|n| (n, cp("securityContext.runAsUser")))
        .or_else(|| psc("runAsUser").map(|n| (n, pp("securityContext.runAsUser"))));
    let non_root = csc("runAsNonRoot").or_else(|| psc("runAsNonRoot")).and_then(Node::bool) == Some(true);
    match run_as_user {
        Some((n, path)) if n.str() == Some("0") => {
            p.root = Some(At::new("runs as UID 0 (runAsUser: 0)".into(), n, path))
        }
        Some(_) => {}
        None if !non_root => {
            p.root = Some(At {
                value: "may run as root: neither runAsNonRoot: true nor runAsUser is set (the image's USER applies)"
                    .into(),
                line: c.line,
                path: path.to_owned(),
            });
        }
        None => {}
    }
    if let Some(sysctls) = pod_sc.and_then(|s| s.get("sysctls")) {
        for (i, s) in sysctls.items().iter().enumerate() {
            if let Some(name) = s.get("name").and_then(Node::str) {
                p.sysctls.push(At::new(name.to_owned(), s, pp(&format!("securityContext.sysctls[{i}]"))));
            }
        }
    }
    p
}
