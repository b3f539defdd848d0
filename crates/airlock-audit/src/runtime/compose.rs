//! Docker Compose files → profiles (one per service).

use super::profile::{At, Limit, Profile, apply_security_opt, is_root_user};
use crate::yaml::Node;

/// Whether a document is a Compose file: a top-level `services` mapping, no `kind`.
pub(crate) fn detect(doc: &Node) -> bool {
    doc.get("services").is_some_and(|s| !s.entries().is_empty()) && doc.get("kind").is_none()
}

fn is_host(node: Option<&Node>) -> bool {
    node.and_then(Node::str).is_some_and(|s| s == "host")
}

/// Whether a Compose limit value is set to something other than zero/unlimited.
fn set(node: Option<&Node>) -> bool {
    node.and_then(Node::str).is_some_and(|s| {
        let s = s.trim();
        !s.is_empty() && s != "0" && s != "-1" && s != "0.0"
    })
}

/// One profile per service.
pub(crate) fn profiles(doc: &Node) -> Vec<Profile> {
    let Some(services) = doc.get("services") else { return Vec::new() };
    services.entries().iter().map(|(name, svc)| profile(name, svc)).collect()
}

fn profile(name: &str, s: &Node) -> Profile {
    let base = format!("services.{name}");
    let at = |k: &str| format!("{base}.{k}");
    let mut p = Profile { object: format!("service {name}"), line: s.line, path: base.clone(), ..Profile::default() };
    if let Some(n) = s.get("privileged").filter(|n| n.bool() == Some(true)) {
        p.privileged = Some(At::new((), n, at("privileged")));
    }
    if let Some(caps) = s.get("cap_add") {
        for (i, c) in caps.items().iter().enumerate() {
            if let Some(v) = c.str() {
                p.cap_add.push(At::new(v.to_owned(), c, at(&format!("cap_add[{i}]"))));
            }
        }
    }
    p.drops_all = s
        .get("cap_drop")
        .is_some_and(|d| d.items().iter().any(|c| c.str().is_some_and(|v| v.eq_ignore_ascii_case("ALL"))));
    for (key, slot) in [
        ("pid", &mut p.host_pid),
        ("network_mode", &mut p.host_network),
        ("ipc", &mut p.host_ipc),
        ("uts", &mut p.host_uts),
        ("userns_mode", &mut p.host_userns),
    ] {
        if let Some(n) = s.get(key).filter(|n| is_host(Some(n))) {
            *slot = Some(At::new((), n, at(key)));
        }
    }
    if let Some(volumes) = s.get("volumes") {
        for (i, v) in volumes.items().iter().enumerate() {
            let source = match v.str() {
                Some(short) => short.split(':').next().filter(|src| src.starts_with('/')).map(str::to_owned),
                None if v.get("type").and_then(Node::str) == Some("bind") => {
                    v.get("source").and_then(Node::str).map(str::to_owned)
                }
                None => None,
            };
            if let Some(src) = source {
                p.mounts.push(At::new(src, v, at(&format!("volumes[{i}]"))));
            }
        }
    }
    if let Some(devices) = s.get("devices") {
        for (i, d) in devices.items().iter().enumerate() {
            let host = d.str().and_then(|v| v.split(':').next()).or_else(|| d.get("source").and_then(Node::str));
            if let Some(host) = host {
                p.devices.push(At::new(host.to_owned(), d, at(&format!("devices[{i}]"))));
            }
        }
    }
    let limits = s.get("deploy").and_then(|d| d.get("resources")).and_then(|r| r.get("limits"));
    let limit = |keys: &[&str], deploy_key: &str| {
        if keys.iter().any(|k| set(s.get(k))) || set(limits.and_then(|l| l.get(deploy_key))) {
            Limit::Set
        } else {
            Limit::Missing
        }
    };
    p.memory = limit(&["mem_limit"], "memory");
    p.cpu = limit(&["cpus", "cpu_quota"], "cpus");
    p.pids = limit(&["pids_limit"], "pids");
    if let Some(opts) = s.get("security_opt") {
        for (i, o) in opts.items().iter().enumerate() {
            if let Some(v) = o.str() {
                apply_security_opt(&mut p, v, o, at(&format!("security_opt[{i}]")));
            }
        }
    }
    p.read_only_root = s.get("read_only").and_then(Node::bool) == Some(true);
    // Without `user:` the image's default applies; the image audit checks that.
    if let Some(u) = s.get("user").filter(|u| u.str().is_some_and(is_root_user)) {
        p.root = Some(At::new(format!("runs as {}", u.str().unwrap_or_default()), u, at("user")));
    }
    if let Some(sysctls) = s.get("sysctls") {
        for (k, v) in sysctls.entries() {
            p.sysctls.push(At::new(k.clone(), v, at(&format!("sysctls.{k}"))));
        }
        for (i, v) in sysctls.items().iter().enumerate() {
            if let Some(kv) = v.str() {
                p.sysctls.push(At::new(kv.to_owned(), v, at(&format!("sysctls[{i}]"))));
            }
        }
    }
    p
}
