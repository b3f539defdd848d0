//! The rule catalog: every check with its id, severity, title, rationale,
//! remediation and benchmark reference.

use airlock_types::Severity;
use serde::Serialize;

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The image: config, history, layers.
    Image,
    /// How a container is run: inspect JSON, Compose, Kubernetes.
    Runtime,
}

/// One check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// What it looks at.
    pub scope: Scope,
    /// Severity of a finding.
    pub severity: Severity,
    /// One-line title.
    pub title: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// CIS Docker Benchmark (v1.6) and/or Kubernetes Pod Security Standards item.
    pub reference: &'static str,
}

const fn image(
    id: &'static str,
    severity: Severity,
    title: &'static str,
    why: &'static str,
    fix: &'static str,
    reference: &'static str,
) -> Rule {
    Rule { id, scope: Scope::Image, severity, title, why, fix, reference }
}

const fn runtime(
    id: &'static str,
    severity: Severity,
    title: &'static str,
    why: &'static str,
    fix: &'static str,
    reference: &'static str,
) -> Rule {
    Rule { id, scope: Scope::Runtime, severity, title, why, fix, reference }
}

use Severity::{Critical, High, Low, Medium};

/// Every rule, image rules first.
pub const RULES: &[Rule] = &[
    image(
        "root-user",
        Medium,
        "Image runs as root by default",
        "Without a USER the container's processes run as uid 0; a breakout or a writable mount then acts as root.",
        "Add `USER <non-root uid>` to the Dockerfile (e.g. `USER 65532`).",
        "CIS Docker 4.1",
    ),
    image(
        "no-healthcheck",
        Low,
        "Image defines no HEALTHCHECK",
        "Without a health check the engine cannot tell a hung service from a healthy one.",
        "Add a `HEALTHCHECK CMD …` instruction (or define probes in the orchestrator).",
        "CIS Docker 4.6",
    ),
    image(
        "secret-in-env",
        High,
        "Secret in an ENV variable",
        "ENV values are stored in the image config and readable by anyone who can pull the image.",
        "Remove the value from the image; pass it at run time (secrets, mounted files) and rotate it.",
        "CIS Docker 4.10",
    ),
    image(
        "secret-in-label",
        High,
        "Secret in a LABEL",
        "Labels are stored in the image config and shown by `docker inspect`.",
        "Remove the label and rotate the secret.",
        "CIS Docker 4.10",
    ),
    image(
        "secret-in-history",
        High,
        "Secret in the build history",
        "Build arguments and RUN commands are kept in the image history, even when a later layer deletes files.",
        "Use BuildKit secrets (`RUN --mount=type=secret`) instead of ARG/ENV/RUN arguments, rebuild and rotate the secret.",
        "CIS Docker 4.10",
    ),
    image(
        "credential-file",
        High,
        "Credential file in a layer",
        "Private keys and registry/cloud credentials in a layer stay in the image even if a later layer deletes them.",
        "Do not COPY credentials into the image; use build secrets, rebuild from scratch and rotate the credential.",
        "CIS Docker 4.10",
    ),
    image(
        "add-remote-url",
        Medium,
        "ADD fetches a remote URL",
        "`ADD <url>` downloads without a checksum check at build time; the content can change under you.",
        "Use `COPY` for local files, or `RUN curl … && sha256sum -c` (or `ADD --checksum=`) for remote ones.",
        "CIS Docker 4.9",
    ),
    image(
        "setuid-binary",
        Medium,
        "setuid/setgid binary added",
        "setuid/setgid binaries let an unprivileged user gain another identity; each one is an escalation path.",
        "Remove the binary or its bits (`RUN chmod u-s,g-s <file>`) unless the service needs it.",
        "CIS Docker 4.8",
    ),
    image(
        "world-writable",
        Low,
        "World-writable file or directory added",
        "Any user in the container can modify a world-writable file (or a directory without the sticky bit).",
        "Tighten the mode (`chmod o-w`), or add the sticky bit to shared directories.",
        "CIS Docker 4.8",
    ),
    image(
        "ssh-exposed",
        Medium,
        "Image exposes SSH (port 22)",
        "Running sshd in a container widens the attack surface and bypasses the engine's access control.",
        "Remove `EXPOSE 22` and the SSH server; use `docker exec` / `kubectl exec` for access.",
        "CIS Docker 4.3, 5.7",
    ),
    runtime(
        "privileged",
        Critical,
        "Container runs privileged",
        "A privileged container has every capability and all host devices: it is root on the host.",
        "Remove `--privileged` / `privileged: true`; grant only the capabilities it needs.",
        "CIS Docker 5.5; PSS Baseline: Privileged Containers",
    ),
    runtime(
        "capabilities-added",
        High,
        "Capabilities added beyond Docker's default set",
        "Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or SYS_MODULE give kernel-level power to the container.",
        "Remove the `cap_add` / `capabilities.add` entries it does not strictly need.",
        "CIS Docker 5.4; PSS Baseline: Capabilities",
    ),
    runtime(
        "capabilities-not-dropped",
        Low,
        "Capabilities not dropped (no drop: [ALL])",
        "Docker's default set still holds capabilities (NET_RAW, CHOWN, SETUID, …) most services never use.",
        "Drop all (`cap_drop: [ALL]` / `capabilities.drop: [ALL]`) and add back only what is needed.",
        "CIS Docker 5.4; PSS Restricted: Capabilities",
    ),
    runtime(
        "host-pid",
        High,
        "Shares the host PID namespace",
        "The container sees and can signal (or ptrace) every process on the host.",
        "Remove `--pid=host` / `pid: host` / `hostPID: true`.",
        "CIS Docker 5.16; PSS Baseline: Host Namespaces",
    ),
    runtime(
        "host-network",
        High,
        "Shares the host network namespace",
        "The container can bind host ports and reach services listening on the host's loopback.",
        "Remove `--network=host` / `network_mode: host` / `hostNetwork: true`.",
        "CIS Docker 5.10; PSS Baseline: Host Namespaces",
    ),
    runtime(
        "host-ipc",
        High,
        "Shares the host IPC namespace",
        "The container can read and write the host's shared memory segments.",
        "Remove `--ipc=host` / `ipc: host` / `hostIPC: true`.",
        "CIS Docker 5.17; PSS Baseline: Host Namespaces",
    ),
    runtime(
        "host-uts",
        Medium,
        "Shares the host UTS namespace",
        "The container can change the host's hostname.",
        "Remove `--uts=host` / `uts: host`.",
        "CIS Docker 5.21",
    ),
    runtime(
        "host-userns",
        Medium,
        "Uses the host user namespace",
        "With the host user namespace, root in the container is root on the host.",
        "Remove `--userns=host` / `userns_mode: host` / `hostUsers: true`; enable user-namespace remapping.",
        "CIS Docker 5.31; Kubernetes hostUsers",
    ),
    runtime(
        "docker-socket-mount",
        Critical,
        "Mounts the Docker socket",
        "Access to the Docker socket is root on the host: it can start a privileged container.",
        "Remove the `/var/run/docker.sock` mount; use a scoped API proxy if the service must talk to Docker.",
        "CIS Docker 5.32; PSS Baseline: HostPath Volumes",
    ),
    runtime(
        "sensitive-host-mount",
        High,
        "Mounts a sensitive host directory",
        "Mounting /, /etc, /proc, /sys, /boot, /var/lib/docker or similar lets the container read or change the host.",
        "Mount only the specific data directories the service needs, read-only where possible.",
        "CIS Docker 5.6; PSS Baseline: HostPath Volumes",
    ),
    runtime(
        "host-device",
        Medium,
        "Host device exposed to the container",
        "A host device (disk, /dev/mem, GPU, …) gives direct hardware or data access.",
        "Remove `--device` / `devices:` / the hostPath to /dev unless the service needs it.",
        "CIS Docker 5.18; PSS Baseline: HostPath Volumes",
    ),
    runtime(
        "no-memory-limit",
        Medium,
        "No memory limit",
        "Without a cgroup memory limit one container can exhaust the host's memory.",
        "Set `--memory` / `mem_limit` / `deploy.resources.limits.memory` / `resources.limits.memory`.",
        "CIS Docker 5.11",
    ),
    runtime(
        "no-cpu-limit",
        Low,
        "No CPU limit",
        "Without a CPU quota one container can starve the others.",
        "Set `--cpus` / `cpus` / `deploy.resources.limits.cpus` / `resources.limits.cpu`.",
        "CIS Docker 5.12",
    ),
    runtime(
        "no-pids-limit",
        Medium,
        "No PIDs limit",
        "Without a pids cgroup limit a fork bomb in the container takes the host down.",
        "Set `--pids-limit` / `pids_limit` (Kubernetes: the kubelet's podPidsLimit).",
        "CIS Docker 5.29",
    ),
    runtime(
        "seccomp-unconfined",
        High,
        "seccomp disabled (unconfined)",
        "Without seccomp the container can call every system call, including those used in kernel exploits.",
        "Remove `seccomp=unconfined`; use the default profile (`RuntimeDefault`) or a custom one.",
        "CIS Docker 5.22; PSS Baseline/Restricted: Seccomp",
    ),
    runtime(
        "apparmor-unconfined",
        High,
        "AppArmor disabled (unconfined)",
        "Without AppArmor the container loses the engine's mandatory access control profile.",
        "Remove `apparmor=unconfined`; use `docker-default` / `RuntimeDefault` or a custom profile.",
        "CIS Docker 5.2; PSS Baseline: AppArmor",
    ),
    runtime(
        "selinux-disabled",
        Medium,
        "SELinux separation disabled",
        "`label=disable` or a privileged SELinux type (spc_t) removes the container's SELinux confinement.",
        "Remove `label=disable` / the custom SELinux type; keep the default container_t.",
        "CIS Docker 5.3; PSS Baseline: SELinux",
    ),
    runtime(
        "no-new-privileges-unset",
        Medium,
        "Privilege escalation not blocked",
        "Without no-new-privileges, setuid binaries in the container can raise a process's privileges.",
        "Set `--security-opt no-new-privileges:true` / `security_opt: [no-new-privileges:true]` / `allowPrivilegeEscalation: false`.",
        "CIS Docker 5.26; PSS Restricted: Privilege Escalation",
    ),
    runtime(
        "writable-root-filesystem",
        Low,
        "Root filesystem is writable",
        "A writable root filesystem lets an attacker drop tools and persist changes in the container.",
        "Set `--read-only` / `read_only: true` / `readOnlyRootFilesystem: true` and mount writable volumes where needed.",
        "CIS Docker 5.13",
    ),
    runtime(
        "run-as-root",
        Medium,
        "Container runs as UID 0",
        "A process running as root in the container is one kernel bug away from root on the host.",
        "Run as a non-root user (`--user 10001` / `user:` / `runAsNonRoot: true` with `runAsUser`).",
        "CIS Docker 4.1; PSS Restricted: Running as Non-root",
    ),
    runtime(
        "unsafe-sysctl",
        High,
        "Unsafe sysctl set",
        "Sysctls outside the namespaced safe set change kernel behaviour for the whole host.",
        "Remove the sysctl, or keep to the safe set (net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, …).",
        "PSS Baseline: Sysctls",
    ),
];

/// The catalog entry of rule `id`.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The catalog entry of a rule the crate itself names (present by construction).
pub(crate) fn known(id: &str) -> &'static Rule {
    match rule(id) {
        Some(r) => r,
        // Ids are crate constants; the integration tests trip every rule by
        // its id (tests/runtime.rs, tests/image.rs), so a typo cannot hide here.
        None => &RULES[0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_complete() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate id {}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.id);
            assert!(!r.title.is_empty() && !r.why.is_empty() && !r.fix.is_empty() && !r.reference.is_empty());
            assert!(r.reference.contains("CIS") || r.reference.contains("PSS"), "{}", r.id);
        }
    }
}
