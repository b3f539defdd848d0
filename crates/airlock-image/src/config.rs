//! The image config blob: platform, diff_ids, history, runtime config.

use std::collections::BTreeMap;

use airlock_types::Digest;
use serde::Deserialize;

use crate::plan::{parse_digest, parse_json};
use crate::{HistoryEntry, ImageConfig, ImageError, Platform};

#[derive(Deserialize)]
struct RawConfig {
    architecture: Option<String>,
    os: Option<String>,
    variant: Option<String>,
    created: Option<String>,
    config: Option<RawRuntime>,
    rootfs: Option<RawRootfs>,
    #[serde(default)]
    history: Option<Vec<RawHistory>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawRuntime {
    user: Option<String>,
    env: Option<Vec<String>>,
    labels: Option<BTreeMap<String, String>>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    healthcheck: Option<RawHealthcheck>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawHealthcheck {
    test: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawRootfs {
    #[serde(default)]
    diff_ids: Vec<String>,
}

#[derive(Deserialize)]
struct RawHistory {
    created_by: Option<String>,
    #[serde(default)]
    empty_layer: bool,
    comment: Option<String>,
}

/// The parts of the config the reader uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedConfig {
    pub(crate) platform: Option<Platform>,
    pub(crate) config: ImageConfig,
    pub(crate) diff_ids: Vec<Digest>,
    /// `created_by` of the history entries that made a layer, in layer order.
    pub(crate) created_by: Vec<Option<String>>,
}

/// Parses the config blob named `name`.
pub(crate) fn parse(bytes: &[u8], name: &str) -> Result<ParsedConfig, ImageError> {
    let document = format!("image config {name}");
    let raw: RawConfig = parse_json(bytes, &document)?;
    let diff_ids = raw
        .rootfs
        .ok_or_else(|| ImageError::InvalidDocument { document: document.clone(), reason: "no rootfs section".into() })?
        .diff_ids
        .iter()
        .map(|d| parse_digest(d, &document))
        .collect::<Result<Vec<_>, _>>()?;
    let platform = match (raw.os, raw.architecture) {
        (Some(os), Some(architecture)) if !os.is_empty() && !architecture.is_empty() => {
            Some(Platform { os, architecture, variant: raw.variant.filter(|v| !v.is_empty()) })
        }
        _ => None,
    };
    let runtime = raw.config.unwrap_or(RawRuntime {
        user: None,
        env: None,
        labels: None,
        exposed_ports: None,
        healthcheck: None,
    });
    let history: Vec<HistoryEntry> = raw
        .history
        .unwrap_or_default()
        .into_iter()
        .map(|h| HistoryEntry { created_by: h.created_by, empty_layer: h.empty_layer, comment: h.comment })
        .collect();
    let created_by = history.iter().filter(|h| !h.empty_layer).map(|h| h.created_by.clone()).collect();
    Ok(ParsedConfig {
        platform,
        config: ImageConfig {
            user: runtime.user.filter(|u| !u.is_empty()),
            env: runtime.env.unwrap_or_default(),
            labels: runtime.labels.unwrap_or_default().into_iter().collect(),
            created: raw.created,
            exposed_ports: runtime.exposed_ports.unwrap_or_default().into_keys().collect(),
            healthcheck: runtime.healthcheck.and_then(|h| h.test),
            history,
        },
        diff_ids,
        created_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_history_skipping_empty_layers() {
        let doc = br#"{"architecture":"arm64","os":"linux","variant":"v8","created":"2024-01-01T00:00:00Z",
          "config":{"User":"65532","Env":["PATH=/bin"],"Labels":{"b":"2","a":"1"}},
          "rootfs":{"type":"layers","diff_ids":["sha256:bc9e38f089c01ca8ef2cdc6723e4704b1e3a58a036325f6828aec68f98a9dcc6"]},
          "history":[{"created_by":"ENV X=1","empty_layer":true},{"created_by":"ADD rootfs /"}]}"#;
        let c = parse(doc, "c").unwrap();
        assert_eq!(c.platform, Some("linux/arm64/v8".parse().unwrap()));
        assert_eq!(c.created_by, vec![Some("ADD rootfs /".to_owned())]);
        assert_eq!(c.config.user.as_deref(), Some("65532"));
        assert_eq!(c.config.labels, vec![("a".into(), "1".into()), ("b".into(), "2".into())]);
        assert_eq!(c.diff_ids.len(), 1);
        assert_eq!(c.config.history.len(), 2);
        assert!(c.config.history[0].empty_layer);
    }

    #[test]
    fn exposed_ports_and_healthcheck() {
        let doc = br#"{"config":{"ExposedPorts":{"8080/tcp":{},"22/tcp":{}},
          "Healthcheck":{"Test":["CMD-SHELL","curl -f http://localhost/"]}},"rootfs":{"diff_ids":[]}}"#;
        let c = parse(doc, "c").unwrap();
        assert_eq!(c.config.exposed_ports, vec!["22/tcp".to_owned(), "8080/tcp".to_owned()]);
        assert_eq!(c.config.healthcheck.as_ref().map(Vec::len), Some(2));
    }

    #[test]
    fn null_sections_are_accepted_and_bad_digests_rejected() {
        let c = parse(br#"{"os":"linux","architecture":"amd64","config":{"Env":null,"Labels":null},"rootfs":{"diff_ids":[]},"history":null}"#, "c").unwrap();
        assert!(c.config.env.is_empty());
        let err = parse(br#"{"rootfs":{"diff_ids":["md5:00"]}}"#, "cfg1").unwrap_err();
        assert!(err.to_string().contains("cfg1"), "{err}");
    }
}
