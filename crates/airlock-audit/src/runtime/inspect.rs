//! `docker container inspect` JSON → profiles.

use super::profile::{At, Limit, Profile, apply_security_opt, is_root_user};
use crate::yaml::Node;

fn positive(node: Option<&Node>) -> bool {
    node.and_then(Node::str).and_then(|s| s.parse::<f64>().ok()).is_some_and(|v| v > 0.0)
}

fn is_host(node: Option<&Node>) -> bool {
    node.and_then(Node::str).is_some_and(|s| s == "host")
}

/// Whether a document is inspect output: a container object (or an array of them) with `HostConfig`.
pub(crate) fn detect(doc: &Node) -> bool {
    match doc.items().first() {
        Some(first) => first.get("HostConfig").is_some(),
        None => doc.get("HostConfig").is_some(),
    }
}

/// One profile per container in the document.
pub(crate) fn profiles(doc: &Node) -> Vec<Profile> {
    let containers: Vec<(String, &Node)> = if doc.items().is_empty() {
        vec![(String::new(), doc)]
    } else {
        doc.items().iter().enumerate().map(|(i, c)| (format!("[{i}]"), c)).collect()
    };
    containers.into_iter().map(|(prefix, c)| profile(&prefix, c)).collect()
}

fn profile(prefix: &str, c: &Node) -> Profile {
    let name = c.get("Name").and_then(Node::str).map(|n| n.trim_start_matches('/').to_owned());
    let id = c.get("Id").and_then(Node::str).map(|i| i.chars().take(12).collect::<String>());
    let object = format!("container {}", name.or(id).unwrap_or_else(|| "(unnamed)".into()));
    let at = |rest: &str| if prefix.is_empty() { rest.to_owned() } else { format!("{prefix}.{rest}") };
    let mut p = Profile {
        object,
        line: c.line,
        path: if prefix.is_empty() { "$".into() } else { prefix.into() },
        ..Profile::default()
    };
    let Some(hc) = c.get("HostConfig") else { return p };
    let hcp = |k: &str| at(&format!("HostConfig.{k}"));
    if let Some(n) = hc.get("Privileged").filter(|n| n.bool() == Some(true)) {
        p.privileged = Some(At::new((), n, hcp("Privileged")));
    }
    if let Some(caps) = hc.get("CapAdd") {
        for (i, cap) in caps.items().iter().enumerate() {
            if let Some(s) = cap.str() {
                p.cap_add.push(At::new(s.to_owned(), cap, hcp(&format!("CapAdd[{i}]"))));
            }
        }
    }
    p.drops_all = hc
        .get("CapDrop")
        .is_some_and(|d| d.items().iter().any(|c| c.str().is_some_and(|s| s.eq_ignore_ascii_case("ALL"))));
    for (key, slot) in [
        ("PidMode", &mut p.host_pid),
        ("NetworkMode", &mut p.host_network),
        ("IpcMode", &mut p.host_ipc),
        ("UTSMode", &mut p.host_uts),
        ("UsernsMode", &mut p.host_userns),
    ] {
        if let Some(n) = hc.get(key).filter(|n| is_host(Some(n))) {
            *slot = Some(At::new((), n, hcp(key)));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(mounts) = c.get("Mounts") {
        for (i, m) in mounts.items().iter().enumerate() {
            if m.get("Type").and_then(Node::str) == Some("bind")
                && let Some(src) = m.get("Source").and_then(Node::str)
                && seen.insert(src.to_owned())
            {
                p.mounts.push(At::new(src.to_owned(), m, at(&format!("Mounts[{i}].Source"))));
            }
        }
    }
    if let Some(binds) = hc.get("Binds") {
        for (i, b) in binds.items().iter().enumerate() {
            if let Some(src) = b.str().and_then(|s| s.split(':').next())
                && src.starts_with('/')
                && seen.insert(src.to_owned())
            {
                p.mounts.push(At::new(src.to_owned(), b, hcp(&format!("Binds[{i}]"))));
            }
        }
    }
    if let Some(devices) = hc.get("Devices") {
        for (i, d) in devices.items().iter().enumerate() {
            if let Some(host) = d.get("PathOnHost").and_then(Node::str) {
                p.devices.push(At::new(host.to_owned(), d, hcp(&format!("Devices[{i}]"))));
            }
        }
    }
    p.memory = if positive(hc.get("Memory")) { Limit::Set } else { Limit::Missing };
    p.cpu = if positive(hc.get("NanoCpus")) || positive(hc.get("CpuQuota")) { Limit::Set } else { Limit::Missing };
    p.pids = if positive(hc.get("PidsLimit")) { Limit::Set } else { Limit::Missing };
    if let Some(opts) = hc.get("SecurityOpt") {
        for (i, o) in opts.items().iter().enumerate() {
            if let Some(s) = o.str() {
                apply_security_opt(&mut p, s, o, hcp(&format!("SecurityOpt[{i}]")));
            }
        }
    }
    if let Some(n) = c.get("AppArmorProfile").filter(|n| n.str() == Some("unconfined")) {
        p.apparmor_unconfined = Some(At::new((), n, at("AppArmorProfile")));
    }
    p.read_only_root = hc.get("ReadonlyRootfs").and_then(Node::bool) == Some(true);
    // Inspect shows the effective user: empty means the image's default, which inspect already merged.
    match c.get("Config").and_then(|cfg| cfg.get("User")) {
        Some(u) => {
            let user = u.str().unwrap_or("");
            if user.is_empty() || is_root_user(user) {
                let why = if user.is_empty() {
                    "runs as root (Config.User is empty)".to_owned()
                } else {
                    format!("runs as {user}")
                };
                p.root = Some(At::new(why, u, at("Config.User")));
            }
        }
        None => p.root = Some(At { value: "runs as root (no Config.User)".into(), line: c.line, path: p.path.clone() }),
    }
    if let Some(sysctls) = hc.get("Sysctls") {
        for (k, v) in sysctls.entries() {
            p.sysctls.push(At::new(k.clone(), v, hcp(&format!("Sysctls.{k}"))));
        }
    }
    p
}
