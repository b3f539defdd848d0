//! Image configuration checks: default user, HEALTHCHECK, secrets in ENV,
//! LABEL and history, `ADD <url>`, SSH exposed, credential files in layers,
//! and setuid/setgid or world-writable files added on top of the base.
//!
//! Use [`wants`] as (part of) the reader's `wanted` predicate and
//! [`EntryAudit::observe`] as its entry observer
//! (`airlock_image::read_image_observed`), then call [`audit_image`].

use std::collections::BTreeMap;

use airlock_image::{CollectedFiles, EntryDecision, EntryMeta, EntryType, ImageInfo};

use crate::finding::{AuditFinding, AuditReport, InputKind, Location};
use crate::rules::known;
use crate::secrets::{self, SecretHit};

/// Largest credential file whose content is inspected (bigger ones are not kept).
pub const CREDENTIAL_FILE_CAP: u64 = 64 << 10;
/// Most setuid/world-writable entries remembered (a note says when more were seen).
const MAX_FLAGGED: usize = 10_000;

/// File names that hold credentials or private keys.
const CREDENTIAL_NAMES: &[&str] =
    &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc", ".git-credentials"];
/// Path suffixes that hold credentials.
const CREDENTIAL_SUFFIXES: &[&str] = &["/.aws/credentials", "/.docker/config.json"];
/// Extensions of files that may hold a private key.
const KEY_EXTENSIONS: &[&str] = &[".pem", ".key"];

/// Whether the image audit wants the body of the file at `path` (credential
/// files and possible private keys; bodies over [`CREDENTIAL_FILE_CAP`] are skipped).
pub fn wants(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    CREDENTIAL_NAMES.contains(&name)
        || CREDENTIAL_SUFFIXES.iter().any(|s| path.ends_with(s))
        || KEY_EXTENSIONS.iter().any(|e| name.ends_with(e))
}

/// A setuid/setgid or world-writable entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Flagged {
    layer: usize,
    mode: u32,
    kind: EntryType,
}

/// What the entry observer remembers: flagged modes (applied through
/// whiteouts, so only entries still present count) and oversized wanted files.
#[derive(Debug, Clone, Default)]
pub struct EntryAudit {
    flagged: BTreeMap<String, Flagged>,
    oversized: Vec<(String, usize, u64)>,
    overflow: usize,
    entries: u64,
}

fn is_flagged(kind: EntryType, mode: u32) -> bool {
    match kind {
        EntryType::File => mode & 0o6000 != 0 || mode & 0o002 != 0,
        EntryType::Directory => mode & 0o002 != 0 && mode & 0o1000 == 0,
        _ => false,
    }
}

impl EntryAudit {
    /// The observer to pass to `read_image_observed`.
    pub fn observe(&mut self, e: &EntryMeta<'_>) -> EntryDecision {
        self.entries += 1;
        let (parent, name) = e.path.rsplit_once('/').unwrap_or(("", e.path));
        if name == ".wh..wh..opq" {
            self.remove_under(parent, e.layer);
            return EntryDecision::Default;
        }
        if let Some(victim) = name.strip_prefix(".wh.") {
            let victim = format!("{parent}/{victim}");
            self.flagged.remove(&victim);
            self.remove_under(&victim, usize::MAX);
            return EntryDecision::Default;
        }
        self.flagged.remove(e.path);
        if is_flagged(e.kind, e.mode) {
            if self.flagged.len() < MAX_FLAGGED {
                self.flagged.insert(e.path.to_owned(), Flagged { layer: e.layer, mode: e.mode, kind: e.kind });
            } else {
                self.overflow += 1;
            }
        }
        if e.kind == EntryType::File && e.size > CREDENTIAL_FILE_CAP && wants(e.path) {
            self.oversized.push((e.path.to_owned(), e.layer, e.size));
            return EntryDecision::SkipBody;
        }
        EntryDecision::Default
    }

    fn remove_under(&mut self, dir: &str, before: usize) {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.flagged.retain(|p, f| !(p.starts_with(&prefix) && f.layer < before));
    }

    /// Layer entries seen.
    pub fn entries_seen(&self) -> u64 {
        self.entries
    }
}

/// Options of the image audit.
#[derive(Debug, Clone, Default)]
pub struct ImageAuditOptions {
    /// How many bottom layers belong to the base image. `None`: inferred from
    /// the history (the base image's last `CMD`/`ENTRYPOINT`), else unknown.
    pub base_layers: Option<usize>,
}

/// The build instruction of a history line (`RUN`, `ADD`, `CMD`, …), uppercase.
fn instruction(created_by: &str) -> (String, &str) {
    let s = created_by.trim();
    let s = s.strip_prefix("/bin/sh -c #(nop)").map_or(s, str::trim_start);
    let s = s.strip_prefix("|").map_or(s, |rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start());
    let (word, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
    if s.starts_with("/bin/sh -c") {
        return ("RUN".into(), s);
    }
    (word.to_ascii_uppercase(), rest.trim_start())
}

/// The number of base layers the history shows: the layers made before the
/// last `CMD`/`ENTRYPOINT` that is followed by more layers.
pub fn infer_base_layers(info: &ImageInfo) -> Option<usize> {
    let history = &info.config.history;
    let mut layers_before = 0;
    let mut boundary = None;
    for h in history {
        let (word, _) = instruction(h.created_by.as_deref().unwrap_or(""));
        if h.empty_layer && (word == "CMD" || word == "ENTRYPOINT") {
            boundary = Some(layers_before);
        }
        if !h.empty_layer {
            layers_before += 1;
        }
    }
    boundary.filter(|&b| b > 0 && b < info.layers.len())
}

fn loc(subject: &str, path: String) -> Location {
    Location { file: subject.to_owned(), line: None, path }
}

fn secret_message(what: &str, hits: &[SecretHit]) -> String {
    let kinds: Vec<&str> = hits.iter().map(|h| h.kind).collect();
    format!("{what} ({})", kinds.join(", "))
}

/// Shortens a redacted text for display.
fn snippet(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 160 {
        format!("{}…", one_line.chars().take(160).collect::<String>())
    } else {
        one_line
    }
}

/// Runs every image check. `subject` names the image in locations.
pub fn audit_image(
    subject: &str,
    info: &ImageInfo,
    files: &CollectedFiles,
    entries: &EntryAudit,
    options: &ImageAuditOptions,
) -> AuditReport {
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let cfg = &info.config;
    let mut push = |id: &str, message: String, path: String| {
        findings.push(AuditFinding::new(known(id), message, None, loc(subject, path)));
    };
    match cfg.user.as_deref() {
        None => push("root-user", "no USER is set: the container runs as root".into(), "config.User".into()),
        Some(u) if crate::runtime::is_root_user(u) => {
            push("root-user", format!("USER {u}: the container runs as root"), "config.User".into());
        }
        Some(_) => {}
    }
    match cfg.healthcheck.as_deref() {
        None => push("no-healthcheck", "no HEALTHCHECK in the image config".into(), "config.Healthcheck".into()),
        Some([none]) if none == "NONE" => {
            push("no-healthcheck", "HEALTHCHECK NONE disables the health check".into(), "config.Healthcheck".into());
        }
        Some(_) => {}
    }
    for (i, kv) in cfg.env.iter().enumerate() {
        let (name, value) = kv.split_once('=').unwrap_or((kv, ""));
        let hits = secrets::scan_assignment(name, value);
        if !hits.is_empty() {
            let shown = secrets::redact(value, &hits);
            push("secret-in-env", secret_message(&format!("ENV {name}={shown}"), &hits), format!("config.Env[{i}]"));
        }
    }
    for (key, value) in &cfg.labels {
        let hits = secrets::scan_assignment(key, value);
        if !hits.is_empty() {
            let shown = secrets::redact(value, &hits);
            push(
                "secret-in-label",
                secret_message(&format!("LABEL {key}={shown}"), &hits),
                format!("config.Labels.{key}"),
            );
        }
    }
    for (i, h) in cfg.history.iter().enumerate() {
        let Some(created_by) = h.created_by.as_deref() else { continue };
        let (word, args) = instruction(created_by);
        if word == "ADD" && args.split_whitespace().any(|a| a.starts_with("http://") || a.starts_with("https://")) {
            push("add-remote-url", format!("history: {}", snippet(created_by)), format!("history[{i}].created_by"));
        }
        // ENV and LABEL steps are checked in the config, where they end up.
        if word == "ENV" || word == "LABEL" {
            continue;
        }
        let hits = secrets::scan_text(created_by);
        if !hits.is_empty() {
            let shown = snippet(&secrets::redact(created_by, &hits));
            push(
                "secret-in-history",
                secret_message(&format!("history: {shown}"), &hits),
                format!("history[{i}].created_by"),
            );
        }
    }
    if let Some(port) = cfg.exposed_ports.iter().find(|p| p.as_str() == "22/tcp" || p.as_str() == "22") {
        push("ssh-exposed", format!("EXPOSE {port}"), "config.ExposedPorts".into());
    }
    credential_files(files, &mut push);
    for (path, layer, size) in &entries.oversized {
        notes.push(format!("{path} (layer {layer}, {size} bytes) is over the {CREDENTIAL_FILE_CAP}-byte cap: its content was not inspected"));
    }
    let base = options.base_layers.or_else(|| infer_base_layers(info));
    match (options.base_layers, base) {
        (Some(n), _) => notes.push(format!("base image: the first {n} layer(s) (given); setuid/world-writable checks cover the layers above")),
        (None, Some(n)) => notes.push(format!(
            "base image: the first {n} layer(s), inferred from the history (the base image's CMD/ENTRYPOINT); setuid/world-writable checks cover the layers above"
        )),
        (None, None) => notes.push(
            "base image boundary unknown (no CMD/ENTRYPOINT before the last layers in the history): setuid/world-writable files are reported for every layer".into(),
        ),
    }
    let from = base.unwrap_or(0);
    for (path, f) in &entries.flagged {
        if f.layer < from {
            continue;
        }
        let mode = f.mode & 0o7777;
        let location = format!("{path} (layer {})", f.layer);
        if f.kind == EntryType::File && mode & 0o6000 != 0 {
            let bits = match (mode & 0o4000 != 0, mode & 0o2000 != 0) {
                (true, true) => "setuid+setgid",
                (true, false) => "setuid",
                _ => "setgid",
            };
            push("setuid-binary", format!("{path} is {bits} (mode {mode:04o}) in layer {}", f.layer), location.clone());
        }
        if mode & 0o002 != 0 {
            let what = if f.kind == EntryType::Directory { "directory without sticky bit" } else { "file" };
            push(
                "world-writable",
                format!("{path} is a world-writable {what} (mode {mode:04o}) in layer {}", f.layer),
                location,
            );
        }
    }
    if entries.overflow > 0 {
        notes.push(format!(
            "{} more setuid/world-writable entries were not listed (limit {MAX_FLAGGED})",
            entries.overflow
        ));
    }
    AuditReport::new(subject.to_owned(), InputKind::Image, findings, notes)
}

/// What kind of credential a kept file holds, if any.
fn credential_kind(path: &str, text: &str) -> Option<(&'static str, Vec<SecretHit>)> {
    let hits = secrets::scan_text(text);
    if hits.iter().any(|h| h.kind == "private-key") {
        let kind = if path.contains("/.ssh/") || path.rsplit('/').next().is_some_and(|n| n.starts_with("id_")) {
            "SSH private key"
        } else {
            "private key"
        };
        return Some((kind, hits));
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let has_value = |keys: &[&str]| {
        text.lines().any(|l| {
            let l = l.trim();
            keys.iter().any(|k| {
                l.strip_prefix(k)
                    .map(|rest| rest.trim_start().trim_start_matches([':', '=']).trim().trim_matches('"'))
                    .is_some_and(|v| !v.is_empty() && !v.starts_with("${"))
            })
        })
    };
    let kind = if path.ends_with("/.aws/credentials") && has_value(&["aws_secret_access_key", "aws_session_token"]) {
        "AWS credentials"
    } else if name == ".npmrc"
        && text.lines().any(|l| l.contains("_authToken=") || l.contains("_auth=") || l.contains("_password="))
        && !text.contains("${")
    {
        "npm registry token"
    } else if name == ".pypirc" && has_value(&["password"]) {
        "PyPI password"
    } else if path.ends_with("/.docker/config.json") && docker_config_has_auth(text) {
        "Docker registry credentials"
    } else if name == ".netrc" && text.split_whitespace().any(|w| w == "password") {
        "netrc password"
    } else if name == ".git-credentials" && text.contains('@') && text.contains("://") {
        "git credentials"
    } else {
        return None;
    };
    Some((kind, hits))
}

/// Whether a Docker `config.json` holds an inline credential (`auths.*.auth`
/// or `identitytoken`), rather than a credential helper.
fn docker_config_has_auth(text: &str) -> bool {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else { return false };
    doc.get("auths").and_then(serde_json::Value::as_object).is_some_and(|auths| {
        auths.values().any(|entry| {
            ["auth", "identitytoken", "password"]
                .iter()
                .any(|k| entry.get(*k).and_then(serde_json::Value::as_str).is_some_and(|v| !v.is_empty()))
        })
    })
}

fn credential_files(files: &CollectedFiles, push: &mut dyn FnMut(&str, String, String)) {
    for path in files.paths() {
        if !wants(path) {
            continue;
        }
        let history = files.history(path);
        let last_present = history.last().is_some_and(|r| r.content.is_some());
        for rev in history {
            let Some(content) = rev.content.as_deref() else { continue };
            let text = String::from_utf8_lossy(content);
            let Some((kind, hits)) = credential_kind(path, &text) else { continue };
            let detail = hits.first().map_or_else(String::new, |h| format!(": {}", h.masked));
            let state = if last_present && std::ptr::eq(rev, history.last().unwrap_or(rev)) {
                String::new()
            } else {
                " (deleted by a later layer, still in the image)".into()
            };
            push(
                "credential-file",
                format!("{kind} in {path}, layer {}{state}{detail}", rev.layer),
                format!("{path} (layer {})", rev.layer),
            );
        }
    }
}
