//! `docker save` archives: `manifest.json` (Config, RepoTags, Layers).

use airlock_types::Digest;
use serde::Deserialize;

use crate::archive::clean_name;
use crate::plan::{BlobRef, Plan, parse_json};
use crate::{ArchiveFormat, ImageError};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ManifestEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    layers: Vec<String>,
}

/// Builds the plan from `manifest.json`. An archive holding several images
/// yields the first one.
pub(crate) fn plan(manifest: &[u8]) -> Result<Plan, ImageError> {
    let entries: Vec<ManifestEntry> = parse_json(manifest, "manifest.json")?;
    let first = entries.into_iter().next().ok_or_else(|| ImageError::InvalidDocument {
        document: "manifest.json".into(),
        reason: "it lists no image".into(),
    })?;
    let config_entry = clean_name(&first.config);
    let config = BlobRef { digest: digest_from_name(&config_entry), entry: config_entry, media_type: None };
    let layers = first
        .layers
        .iter()
        .map(|name| {
            let entry = clean_name(name);
            let digest = entry.strip_prefix("blobs/sha256/").and_then(|hex| Digest::from_sha256_hex(hex).ok());
            BlobRef { entry, digest, media_type: None }
        })
        .collect();
    Ok(Plan {
        format: ArchiveFormat::DockerArchive,
        reference: first.repo_tags.and_then(|tags| tags.into_iter().next()),
        manifest_digest: None,
        declared_platform: None,
        config,
        layers,
    })
}

/// The digest a config entry's name promises: `<hex>.json` or `blobs/sha256/<hex>`.
fn digest_from_name(entry: &str) -> Option<Digest> {
    let hex = entry.strip_prefix("blobs/sha256/").or_else(|| entry.strip_suffix(".json"))?;
    Digest::from_sha256_hex(hex).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "bc9e38f089c01ca8ef2cdc6723e4704b1e3a58a036325f6828aec68f98a9dcc6";

    #[test]
    fn reads_config_tags_and_layers() {
        let doc = format!(
            r#"[{{"Config":"{HEX}.json","RepoTags":["example.test/x:1"],"Layers":["./abc/layer.tar","blobs/sha256/{HEX}"]}}]"#
        );
        let plan = plan(doc.as_bytes()).unwrap();
        assert_eq!(plan.reference.as_deref(), Some("example.test/x:1"));
        assert_eq!(plan.config.digest.as_ref().map(Digest::hex), Some(HEX));
        assert_eq!(plan.layers[0].entry, "abc/layer.tar");
        assert_eq!(plan.layers[0].digest, None);
        assert_eq!(plan.layers[1].digest.as_ref().map(Digest::hex), Some(HEX));
    }

    #[test]
    fn empty_manifest_is_invalid() {
        assert!(matches!(plan(b"[]"), Err(ImageError::InvalidDocument { .. })));
        assert!(matches!(plan(b"{"), Err(ImageError::InvalidDocument { .. })));
    }
}
