//! The normalised runtime profile of one container, whatever file it came
//! from, and the rules evaluated on it.

use crate::finding::{AuditFinding, Location};
use crate::rules::known;
use crate::yaml::Node;

/// Something seen at a line and document path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) line: usize,
    pub(crate) path: String,
}

impl<T> At<T> {
    pub(crate) fn new(value: T, node: &Node, path: impl Into<String>) -> Self {
        Self { value, line: node.line, path: path.into() }
    }
}

/// Whether a resource limit is set, missing, or not expressible in the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Limit {
    /// A limit is set.
    Set,
    /// No limit.
    #[default]
    Missing,
    /// The format cannot express it (checked elsewhere).
    NotApplicable,
}

/// One container's runtime settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    /// Display name (`service web`, `Deployment/api container app`).
    pub(crate) object: String,
    /// Where the container is defined.
    pub(crate) line: usize,
    pub(crate) path: String,
    pub(crate) privileged: Option<At<()>>,
    pub(crate) cap_add: Vec<At<String>>,
    pub(crate) drops_all: bool,
    pub(crate) host_pid: Option<At<()>>,
    pub(crate) host_network: Option<At<()>>,
    pub(crate) host_ipc: Option<At<()>>,
    pub(crate) host_uts: Option<At<()>>,
    pub(crate) host_userns: Option<At<()>>,
    /// Host paths mounted into the container.
    pub(crate) mounts: Vec<At<String>>,
    /// Host devices given to the container.
    pub(crate) devices: Vec<At<String>>,
    pub(crate) memory: Limit,
    pub(crate) cpu: Limit,
    pub(crate) pids: Limit,
    pub(crate) seccomp_unconfined: Option<At<()>>,
    pub(crate) apparmor_unconfined: Option<At<()>>,
    pub(crate) selinux_disabled: Option<At<String>>,
    /// no-new-privileges set / allowPrivilegeEscalation false.
    pub(crate) no_new_privileges: bool,
    pub(crate) read_only_root: bool,
    /// Set when the container runs (or may run) as uid 0: the reason.
    pub(crate) root: Option<At<String>>,
    pub(crate) sysctls: Vec<At<String>>,
}

/// Docker's default capability set (moby `oci/caps/defaults.go`).
const DOCKER_DEFAULT_CAPS: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Namespaced sysctls Kubernetes deems safe (Pod Security Standards, Baseline).
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

/// Container runtime sockets.
const SOCKETS: &[&str] =
    &["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/crio/crio.sock"];

/// Host directories whose mount exposes the host.
const SENSITIVE: &[&str] = &[
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/boot",
    "/root",
    "/usr",
    "/lib",
    "/var/run",
    "/run",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/kubelet",
];

/// Normalises a capability name (`cap_sys_admin` → `SYS_ADMIN`).
pub(crate) fn cap_name(raw: &str) -> String {
    let upper = raw.trim().to_ascii_uppercase();
    upper.strip_prefix("CAP_").map_or(upper.clone(), str::to_owned)
}

fn normalise_host_path(p: &str) -> String {
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() { "/".to_owned() } else { trimmed.to_owned() }
}

/// What a host path mount is: a runtime socket, a device, a sensitive directory, or fine.
pub(crate) enum MountClass {
    Socket,
    Device,
    Sensitive,
    Fine,
}

/// Classifies a host path.
pub(crate) fn classify_mount(host: &str) -> MountClass {
    let p = normalise_host_path(host);
    if SOCKETS.contains(&p.as_str()) {
        MountClass::Socket
    } else if p == "/dev" || p.starts_with("/dev/") {
        MountClass::Device
    } else if SENSITIVE.contains(&p.as_str()) || ["/etc/", "/proc/", "/sys/", "/boot/"].iter().any(|d| p.starts_with(d))
    {
        MountClass::Sensitive
    } else {
        MountClass::Fine
    }
}

/// Parses a `security_opt` / `SecurityOpt` entry into the profile.
pub(crate) fn apply_security_opt(p: &mut Profile, opt: &str, node: &Node, path: String) {
    let norm = opt.replace(':', "=").to_ascii_lowercase();
    match norm.as_str() {
        "seccomp=unconfined" => p.seccomp_unconfined = Some(At::new((), node, path)),
        "apparmor=unconfined" => p.apparmor_unconfined = Some(At::new((), node, path)),
        "label=disable" | "label=type=spc_t" => p.selinux_disabled = Some(At::new(opt.to_owned(), node, path)),
        "no-new-privileges" | "no-new-privileges=true" => p.no_new_privileges = true,
        _ => {}
    }
}

/// Whether a user string names uid 0 (`root`, `0`, `0:0`, `root:root`).
pub(crate) fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "0" || name == "root"
}

/// Evaluates every runtime rule on a profile.
pub(crate) fn evaluate(p: &Profile, file: &str) -> Vec<AuditFinding> {
    let mut out = Vec::new();
    let object = Some(p.object.clone());
    let mut fire = |id: &str, message: String, line: usize, path: &str| {
        let location = Location { file: file.to_owned(), line: Some(line), path: path.to_owned() };
        out.push(AuditFinding::new(known(id), message, object.clone(), location));
    };
    let here = (p.line, p.path.as_str());
    if let Some(at) = &p.privileged {
        fire("privileged", format!("{} runs privileged", p.object), at.line, &at.path);
    }
    for cap in &p.cap_add {
        let name = cap_name(&cap.value);
        if !DOCKER_DEFAULT_CAPS.contains(&name.as_str()) {
            fire("capabilities-added", format!("{} adds capability {name}", p.object), cap.line, &cap.path);
        }
    }
    if !p.drops_all && p.privileged.is_none() {
        fire("capabilities-not-dropped", format!("{} does not drop ALL capabilities", p.object), here.0, here.1);
    }
    let namespaces = [
        ("host-pid", &p.host_pid, "PID"),
        ("host-network", &p.host_network, "network"),
        ("host-ipc", &p.host_ipc, "IPC"),
        ("host-uts", &p.host_uts, "UTS"),
        ("host-userns", &p.host_userns, "user"),
    ];
    for (id, at, what) in namespaces {
        if let Some(at) = at {
            fire(id, format!("{} shares the host {what} namespace", p.object), at.line, &at.path);
        }
    }
    for m in &p.mounts {
        match classify_mount(&m.value) {
            MountClass::Socket => {
                fire("docker-socket-mount", format!("{} mounts {}", p.object, m.value), m.line, &m.path);
            }
            MountClass::Device => fire("host-device", format!("{} mounts host {}", p.object, m.value), m.line, &m.path),
            MountClass::Sensitive => {
                fire("sensitive-host-mount", format!("{} mounts host {}", p.object, m.value), m.line, &m.path);
            }
            MountClass::Fine => {}
        }
    }
    for d in &p.devices {
        fire("host-device", format!("{} gets host device {}", p.object, d.value), d.line, &d.path);
    }
    let limits =
        [("no-memory-limit", p.memory, "memory"), ("no-cpu-limit", p.cpu, "CPU"), ("no-pids-limit", p.pids, "PIDs")];
    for (id, limit, what) in limits {
        if limit == Limit::Missing {
            fire(id, format!("{} has no {what} limit", p.object), here.0, here.1);
        }
    }
    if let Some(at) = &p.seccomp_unconfined {
        fire("seccomp-unconfined", format!("{} runs without seccomp", p.object), at.line, &at.path);
    }
    if let Some(at) = &p.apparmor_unconfined {
        fire("apparmor-unconfined", format!("{} runs without AppArmor", p.object), at.line, &at.path);
    }
    if let Some(at) = &p.selinux_disabled {
        fire("selinux-disabled", format!("{} disables SELinux separation ({})", p.object, at.value), at.line, &at.path);
    }
    if !p.no_new_privileges {
        fire(
            "no-new-privileges-unset",
            format!("{} can gain privileges (no-new-privileges unset)", p.object),
            here.0,
            here.1,
        );
    }
    if !p.read_only_root {
        fire("writable-root-filesystem", format!("{} has a writable root filesystem", p.object), here.0, here.1);
    }
    if let Some(at) = &p.root {
        fire("run-as-root", format!("{} {}", p.object, at.value), at.line, &at.path);
    }
    for s in &p.sysctls {
        let name = s.value.split('=').next().unwrap_or("").trim();
        if !SAFE_SYSCTLS.contains(&name) {
            fire("unsafe-sysctl", format!("{} sets sysctl {name}", p.object), s.line, &s.path);
        }
    }
    out
}
