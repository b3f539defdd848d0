//! CycloneDX 1.4–1.6 JSON.

use airlock_types::OsRelease;
use serde_json::Value;

use crate::component::Component;
use crate::{Parsed, SbomError};

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The value of property `name` (CycloneDX `properties: [{name, value}]`).
fn property<'a>(c: &'a Value, name: &str) -> Option<&'a str> {
    c.get("properties")?
        .as_array()?
        .iter()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
        .get("value")?
        .as_str()
}

/// Reads a CycloneDX document's components (nested ones too).
pub(crate) fn read(doc: &Value, notes: &mut Vec<String>) -> Result<Parsed, SbomError> {
    let spec = doc.get("specVersion").and_then(Value::as_str).unwrap_or("?");
    if !matches!(spec, "1.4" | "1.5" | "1.6") {
        notes.push(format!("CycloneDX {spec} is outside the supported 1.4-1.6; read as 1.6"));
    }
    let mut parsed = Parsed {
        subject: doc.pointer("/metadata/component/name").and_then(Value::as_str).map(str::to_owned),
        digest: doc
            .pointer("/metadata/component/version")
            .and_then(Value::as_str)
            .filter(|v| v.starts_with("sha256:"))
            .map(str::to_owned),
        ..Parsed::default()
    };
    let components = match doc.get("components") {
        None => &Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(SbomError::Malformed { format: "CycloneDX", problem: "components is not an array".into() });
        }
    };
    walk(components, &mut parsed);
    Ok(parsed)
}

fn walk(components: &[Value], parsed: &mut Parsed) {
    for c in components {
        let kind = c.get("type").and_then(Value::as_str).unwrap_or("library");
        match kind {
            "operating-system" => {
                if parsed.os.is_none() {
                    parsed.os = Some(OsRelease {
                        id: property(c, "syft:distro:id")
                            .map(str::to_owned)
                            .or_else(|| text(c, "name"))
                            .unwrap_or_default(),
                        version_id: property(c, "syft:distro:versionID")
                            .map(str::to_owned)
                            .or_else(|| text(c, "version")),
                        version_codename: property(c, "syft:distro:versionCodename").map(str::to_owned),
                        pretty_name: property(c, "syft:distro:prettyName")
                            .map(str::to_owned)
                            .or_else(|| text(c, "description")),
                        id_like: Vec::new(),
                    });
                }
            }
            "file" | "container" | "data" => {}
            _ => parsed.components.push(Component {
                name: text(c, "name").unwrap_or_default(),
                version: text(c, "version"),
                purl: text(c, "purl"),
                location: property(c, "airlock:location")
                    .or_else(|| property(c, "syft:location:0:path"))
                    .map(str::to_owned),
                layer: property(c, "airlock:layer")
                    .or_else(|| property(c, "syft:location:0:layerID"))
                    .map(str::to_owned),
                layer_index: property(c, "airlock:layer_index").and_then(|i| i.parse().ok()),
                source_name: property(c, "airlock:source_name").map(str::to_owned),
                source_version: property(c, "airlock:source_version").map(str::to_owned),
                trusted_name: property(c, "airlock:package_type").is_some(),
            }),
        }
        if let Some(Value::Array(nested)) = c.get("components") {
            walk(nested, parsed);
        }
    }
}
