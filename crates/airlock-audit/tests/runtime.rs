//! Table-driven runtime rules: for every rule, a Compose file, a Kubernetes
//! manifest and a `docker inspect` JSON that trip it, and clean baselines
//! that trip nothing.

use airlock_audit::{AuditReport, InputKind, RULES, Scope, audit_runtime};

/// A Compose service that passes every rule.
const COMPOSE_CLEAN: &str = "services:
  web:
    image: nginx:1.27
    user: \"10001\"
    read_only: true
    cap_drop: [ALL]
    security_opt:
      - no-new-privileges:true
    mem_limit: 256m
    cpus: 0.5
    pids_limit: 100
    volumes:
      - data:/data
      - ./conf:/etc/nginx/conf.d:ro
volumes:
  data: {}
";

/// A Deployment that passes every rule.
const K8S_CLEAN: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      volumes:
        - name: data
          emptyDir: {}
      containers:
        - name: app
          image: nginx:1.27
          volumeMounts:
            - {name: data, mountPath: /data}
          resources:
            limits: {memory: 256Mi, cpu: 500m}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
";

/// `docker container inspect` output that passes every rule.
const INSPECT_CLEAN: &str = r#"[
  {
    "Id": "0123456789abcdef0123456789abcdef",
    "Name": "/web",
    "AppArmorProfile": "docker-default",
    "Mounts": [
      {"Type": "volume", "Source": "/var/lib/docker/volumes/data/_data", "Destination": "/data"}
    ],
    "Config": {"User": "10001", "Image": "nginx:1.27"},
    "HostConfig": {
      "Privileged": false,
      "CapAdd": null,
      "CapDrop": ["ALL"],
      "NetworkMode": "bridge",
      "PidMode": "",
      "IpcMode": "private",
      "UTSMode": "",
      "UsernsMode": "",
      "Binds": null,
      "Devices": [],
      "Memory": 268435456,
      "NanoCpus": 500000000,
      "PidsLimit": 100,
      "SecurityOpt": ["no-new-privileges:true"],
      "ReadonlyRootfs": true,
      "Sysctls": {"net.ipv4.ip_unprivileged_port_start": "0"}
    }
  }
]"#;

fn replace(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "fixture lacks {from:?}");
    base.replacen(from, to, 1)
}

/// (rule, compose, kubernetes, inspect) — each mutates the clean baseline.
/// `None`: the format cannot express the rule (said in the report's notes).
/// (rule, compose, kubernetes, inspect).
type Case = (&'static str, Option<String>, Option<String>, Option<String>);

fn cases() -> Vec<Case> {
    let c = |from: &str, to: &str| Some(replace(COMPOSE_CLEAN, from, to));
    let k = |from: &str, to: &str| Some(replace(K8S_CLEAN, from, to));
    let i = |from: &str, to: &str| Some(replace(INSPECT_CLEAN, from, to));
    vec![
        (
            "privileged",
            c("    read_only: true\n", "    read_only: true\n    privileged: true\n"),
            k(
                "            allowPrivilegeEscalation: false\n",
                "            allowPrivilegeEscalation: false\n            privileged: true\n",
            ),
            i("\"Privileged\": false", "\"Privileged\": true"),
        ),
        (
            "capabilities-added",
            c("    cap_drop: [ALL]\n", "    cap_drop: [ALL]\n    cap_add: [SYS_ADMIN]\n"),
            k("              drop: [ALL]\n", "              drop: [ALL]\n              add: [NET_ADMIN]\n"),
            i("\"CapAdd\": null", "\"CapAdd\": [\"SYS_PTRACE\"]"),
        ),
        (
            "capabilities-not-dropped",
            c("    cap_drop: [ALL]\n", "    cap_drop: [NET_RAW]\n"),
            k("              drop: [ALL]\n", "              drop: [NET_RAW]\n"),
            i("\"CapDrop\": [\"ALL\"]", "\"CapDrop\": null"),
        ),
        (
            "host-pid",
            c("    read_only: true\n", "    read_only: true\n    pid: host\n"),
            k(
                "      securityContext:\n        runAsNonRoot",
                "      hostPID: true\n      securityContext:\n        runAsNonRoot",
            ),
            i("\"PidMode\": \"\"", "\"PidMode\": \"host\""),
        ),
        (
            "host-network",
            c("    read_only: true\n", "    read_only: true\n    network_mode: host\n"),
            k(
                "      securityContext:\n        runAsNonRoot",
                "      hostNetwork: true\n      securityContext:\n        runAsNonRoot",
            ),
            i("\"NetworkMode\": \"bridge\"", "\"NetworkMode\": \"host\""),
        ),
        (
            "host-ipc",
            c("    read_only: true\n", "    read_only: true\n    ipc: host\n"),
            k(
                "      securityContext:\n        runAsNonRoot",
                "      hostIPC: true\n      securityContext:\n        runAsNonRoot",
            ),
            i("\"IpcMode\": \"private\"", "\"IpcMode\": \"host\""),
        ),
        (
            "host-uts",
            c("    read_only: true\n", "    read_only: true\n    uts: host\n"),
            None,
            i("\"UTSMode\": \"\"", "\"UTSMode\": \"host\""),
        ),
        (
            "host-userns",
            c("    read_only: true\n", "    read_only: true\n    userns_mode: host\n"),
            k(
                "      securityContext:\n        runAsNonRoot",
                "      hostUsers: true\n      securityContext:\n        runAsNonRoot",
            ),
            i("\"UsernsMode\": \"\"", "\"UsernsMode\": \"host\""),
        ),
        (
            "docker-socket-mount",
            c("      - data:/data\n", "      - data:/data\n      - /var/run/docker.sock:/var/run/docker.sock\n"),
            k("          emptyDir: {}\n", "          hostPath: {path: /var/run/docker.sock}\n"),
            i("\"Binds\": null", "\"Binds\": [\"/var/run/docker.sock:/var/run/docker.sock\"]"),
        ),
        (
            "sensitive-host-mount",
            c(
                "      - data:/data\n",
                "      - data:/data\n      - type: bind\n        source: /etc\n        target: /host-etc\n",
            ),
            k("          emptyDir: {}\n", "          hostPath: {path: /proc}\n"),
            i("\"Binds\": null", "\"Binds\": [\"/:/host:ro\"]"),
        ),
        (
            "host-device",
            c("    read_only: true\n", "    read_only: true\n    devices:\n      - /dev/sda:/dev/xvda\n"),
            k("          emptyDir: {}\n", "          hostPath: {path: /dev/mem, type: CharDevice}\n"),
            i(
                "\"Devices\": []",
                "\"Devices\": [{\"PathOnHost\": \"/dev/fuse\", \"PathInContainer\": \"/dev/fuse\", \"CgroupPermissions\": \"rwm\"}]",
            ),
        ),
        (
            "no-memory-limit",
            c("    mem_limit: 256m\n", ""),
            k("limits: {memory: 256Mi, cpu: 500m}", "limits: {cpu: 500m}"),
            i("\"Memory\": 268435456", "\"Memory\": 0"),
        ),
        (
            "no-cpu-limit",
            c("    cpus: 0.5\n", ""),
            k("limits: {memory: 256Mi, cpu: 500m}", "limits: {memory: 256Mi}"),
            i("\"NanoCpus\": 500000000", "\"NanoCpus\": 0"),
        ),
        ("no-pids-limit", c("    pids_limit: 100\n", ""), None, i("\"PidsLimit\": 100", "\"PidsLimit\": null")),
        (
            "seccomp-unconfined",
            c("      - no-new-privileges:true\n", "      - no-new-privileges:true\n      - seccomp:unconfined\n"),
            k("seccompProfile: {type: RuntimeDefault}", "seccompProfile: {type: Unconfined}"),
            i("[\"no-new-privileges:true\"]", "[\"no-new-privileges:true\", \"seccomp=unconfined\"]"),
        ),
        (
            "apparmor-unconfined",
            c("      - no-new-privileges:true\n", "      - no-new-privileges:true\n      - apparmor:unconfined\n"),
            k(
                "            allowPrivilegeEscalation: false\n",
                "            allowPrivilegeEscalation: false\n            appArmorProfile: {type: Unconfined}\n",
            ),
            i("\"AppArmorProfile\": \"docker-default\"", "\"AppArmorProfile\": \"unconfined\""),
        ),
        (
            "selinux-disabled",
            c("      - no-new-privileges:true\n", "      - no-new-privileges:true\n      - label:disable\n"),
            k(
                "            allowPrivilegeEscalation: false\n",
                "            allowPrivilegeEscalation: false\n            seLinuxOptions: {type: spc_t}\n",
            ),
            i("[\"no-new-privileges:true\"]", "[\"no-new-privileges:true\", \"label=disable\"]"),
        ),
        (
            "no-new-privileges-unset",
            c("      - no-new-privileges:true\n", "      - apparmor:docker-default\n"),
            k("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"),
            i("[\"no-new-privileges:true\"]", "[]"),
        ),
        (
            "writable-root-filesystem",
            c("    read_only: true\n", "    read_only: false\n"),
            k("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"),
            i("\"ReadonlyRootfs\": true", "\"ReadonlyRootfs\": false"),
        ),
        (
            "run-as-root",
            c("    user: \"10001\"\n", "    user: root\n"),
            k("        runAsUser: 10001\n", "        runAsUser: 0\n"),
            i("\"User\": \"10001\"", "\"User\": \"\""),
        ),
        (
            "unsafe-sysctl",
            c("    read_only: true\n", "    read_only: true\n    sysctls:\n      kernel.msgmax: 65536\n"),
            k(
                "        seccompProfile: {type: RuntimeDefault}\n",
                "        seccompProfile: {type: RuntimeDefault}\n        sysctls:\n          - {name: kernel.sem, value: \"250 32000\"}\n",
            ),
            i("{\"net.ipv4.ip_unprivileged_port_start\": \"0\"}", "{\"net.ipv4.ip_forward\": \"1\"}"),
        ),
    ]
}

fn rules_fired(report: &AuditReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn clean_baselines_trip_nothing() {
    for (name, text, kind) in [
        ("compose.yaml", COMPOSE_CLEAN, InputKind::Compose),
        ("deploy.yaml", K8S_CLEAN, InputKind::Kubernetes),
        ("inspect.json", INSPECT_CLEAN, InputKind::DockerInspect),
    ] {
        let report = audit_runtime(name, text).unwrap();
        assert_eq!(report.kind, kind, "{name}");
        assert!(report.findings.is_empty(), "{name}: {:?}", rules_fired(&report));
    }
}

#[test]
fn every_runtime_rule_has_cases() {
    let covered: Vec<&str> = cases().iter().map(|c| c.0).collect();
    for rule in RULES.iter().filter(|r| r.scope == Scope::Runtime) {
        assert!(covered.contains(&rule.id), "no test case for runtime rule {}", rule.id);
    }
}

#[test]
fn each_case_trips_its_rule_with_a_line() {
    for (rule, compose, k8s, inspect) in cases() {
        for (name, text) in [("compose.yaml", compose), ("deploy.yaml", k8s), ("inspect.json", inspect)] {
            let Some(text) = text else { continue };
            let report = audit_runtime(name, &text).unwrap_or_else(|e| panic!("{rule} {name}: {e}"));
            let hits: Vec<_> = report.of_rule(rule).collect();
            assert_eq!(hits.len(), 1, "{rule} in {name}: {:?}\n{text}", rules_fired(&report));
            let line = hits[0].location.line.expect("runtime findings have lines");
            assert!(line >= 1 && line <= text.lines().count(), "{rule} {name}: line {line}");
            assert_eq!(hits[0].location.file, name);
            assert!(!hits[0].location.path.is_empty());
            // The mutation trips only its rule (privileged also skips the drop check).
            let others: Vec<&str> = rules_fired(&report).into_iter().filter(|r| *r != rule).collect();
            assert!(others.is_empty(), "{rule} in {name} also tripped {others:?}");
        }
    }
}

#[test]
fn lines_point_at_the_offending_key() {
    let text = replace(COMPOSE_CLEAN, "    read_only: true\n", "    read_only: true\n    privileged: true\n");
    let report = audit_runtime("c.yaml", &text).unwrap();
    let f = report.of_rule("privileged").next().unwrap();
    assert_eq!(f.location.line, Some(6));
    assert_eq!(f.location.path, "services.web.privileged");
    let text = replace(K8S_CLEAN, "          emptyDir: {}\n", "          hostPath: {path: /var/run/docker.sock}\n");
    let f = audit_runtime("d.yaml", &text).unwrap().of_rule("docker-socket-mount").next().cloned().unwrap();
    assert_eq!(f.location.line, Some(16));
    assert_eq!(f.location.path, "spec.template.spec.volumes[0].hostPath.path");
    assert_eq!(f.object.as_deref(), Some("Deployment/web container app"));
}

#[test]
fn multi_document_manifests_cover_every_workload_kind() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext: {privileged: true}\n";
    let workload = |kind: &str, prefix: &str| {
        let mut body = String::from(
            "      containers:\n        - name: c\n          image: x\n          securityContext: {privileged: true}\n",
        );
        body = body.lines().map(|l| format!("{prefix}{l}\n")).collect();
        format!(
            "apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: w}}\nspec:\n{prefix}  template:\n{prefix}    spec:\n{body}"
        )
    };
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: c\n              image: x\n              securityContext: {privileged: true}\n";
    let mut text = String::from(pod);
    for kind in ["Deployment", "StatefulSet", "DaemonSet", "Job"] {
        text.push_str("---\n");
        text.push_str(&workload(kind, ""));
    }
    text.push_str("---\n");
    text.push_str(cron);
    text.push_str("---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n");
    let report = audit_runtime("all.yaml", &text).unwrap();
    let objects: Vec<&str> = report.of_rule("privileged").filter_map(|f| f.object.as_deref()).collect();
    assert_eq!(objects.len(), 6, "{objects:?}");
    for kind in ["Pod/p", "Deployment/w", "StatefulSet/w", "DaemonSet/w", "Job/w", "CronJob/cj"] {
        assert!(objects.iter().any(|o| o.starts_with(kind)), "{kind} missing in {objects:?}");
    }
    assert!(report.notes.iter().any(|n| n.contains("Service")), "{:?}", report.notes);
}

#[test]
fn unknown_and_broken_files_are_errors_naming_the_file() {
    let err = audit_runtime("x.yaml", "foo: bar\n").unwrap_err().to_string();
    assert!(err.starts_with("x.yaml: not a `docker container inspect`"), "{err}");
    let err = audit_runtime("y.yaml", "services: [\n").unwrap_err().to_string();
    assert!(err.starts_with("y.yaml: not valid YAML"), "{err}");
    assert!(err.contains("line"), "{err}");
}
