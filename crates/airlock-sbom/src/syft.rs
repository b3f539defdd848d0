//! syft's own JSON (`syft -o syft-json`).

use airlock_types::OsRelease;
use serde_json::Value;

use crate::component::Component;
use crate::{Parsed, SbomError};

fn text(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Reads a syft document's artifacts, distro and source image.
pub(crate) fn read(doc: &Value) -> Result<Parsed, SbomError> {
    let artifacts = doc
        .get("artifacts")
        .and_then(Value::as_array)
        .ok_or_else(|| SbomError::Malformed { format: "syft", problem: "artifacts is not an array".into() })?;
    let layers: Vec<String> = doc
        .pointer("/source/metadata/layers")
        .and_then(Value::as_array)
        .map(|ls| ls.iter().filter_map(|l| text(l, "/digest")).collect())
        .unwrap_or_default();
    let os = text(doc, "/distro/id").map(|id| OsRelease {
        id,
        version_id: text(doc, "/distro/versionID"),
        version_codename: text(doc, "/distro/versionCodename"),
        pretty_name: text(doc, "/distro/prettyName"),
        id_like: Vec::new(),
    });
    let mut parsed = Parsed {
        subject: text(doc, "/source/metadata/userInput").or_else(|| text(doc, "/source/name")),
        digest: text(doc, "/source/metadata/manifestDigest"),
        os,
        components: Vec::new(),
    };
    for a in artifacts {
        // The package database is the location syft marks as primary evidence, else the first.
        let locations = a.get("locations").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let primary = locations
            .iter()
            .find(|l| l.pointer("/annotations/evidence").and_then(Value::as_str) == Some("primary"))
            .or_else(|| locations.first());
        let layer = primary.and_then(|l| text(l, "/layerID"));
        parsed.components.push(Component {
            name: text(a, "/name").unwrap_or_default(),
            version: text(a, "/version"),
            purl: text(a, "/purl"),
            location: primary.and_then(|l| text(l, "/path")),
            layer_index: layer.as_ref().and_then(|d| layers.iter().position(|l| l == d)),
            layer,
            source_name: text(a, "/metadata/source").or_else(|| text(a, "/metadata/originPackage")),
            source_version: text(a, "/metadata/sourceVersion"),
            trusted_name: false,
        });
    }
    Ok(parsed)
}
