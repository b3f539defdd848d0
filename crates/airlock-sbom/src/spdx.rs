//! SPDX 2.2/2.3 JSON.

use airlock_types::OsRelease;
use serde_json::Value;

use crate::component::Component;
use crate::{Parsed, SbomError};

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The package's purl from its `externalRefs` (`referenceType: purl`).
fn purl(p: &Value) -> Option<String> {
    p.get("externalRefs")?.as_array()?.iter().find_map(|r| {
        (r.get("referenceType").and_then(Value::as_str) == Some("purl"))
            .then(|| r.get("referenceLocator").and_then(Value::as_str).map(str::to_owned))?
    })
}

/// Airlock's own annotations (`airlock:location=…`) on a package.
fn annotation(p: &Value, key: &str) -> Option<String> {
    p.get("annotations")?.as_array()?.iter().find_map(|a| {
        let comment = a.get("comment")?.as_str()?;
        comment.strip_prefix(key)?.strip_prefix('=').map(str::to_owned)
    })
}

/// Reads an SPDX document's packages.
pub(crate) fn read(doc: &Value, notes: &mut Vec<String>) -> Result<Parsed, SbomError> {
    let version = doc.get("spdxVersion").and_then(Value::as_str).unwrap_or("?");
    if !matches!(version, "SPDX-2.2" | "SPDX-2.3") {
        notes.push(format!("{version} is outside the supported SPDX-2.2/2.3; read as 2.3"));
    }
    let packages = match doc.get("packages") {
        None => &Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(SbomError::Malformed { format: "SPDX", problem: "packages is not an array".into() }),
    };
    let mut parsed = Parsed { subject: text(doc, "name"), ..Parsed::default() };
    for p in packages {
        match p.get("primaryPackagePurpose").and_then(Value::as_str) {
            Some("OPERATING_SYSTEM" | "OPERATING-SYSTEM") => {
                parsed.os.get_or_insert_with(|| OsRelease {
                    id: text(p, "name").unwrap_or_default().to_ascii_lowercase(),
                    version_id: text(p, "versionInfo"),
                    pretty_name: text(p, "description"),
                    ..OsRelease::default()
                });
                continue;
            }
            // Source packages of an Airlock SPDX: binaries are GENERATED_FROM them.
            Some("SOURCE") => continue,
            Some("CONTAINER") => {
                parsed.digest =
                    parsed.digest.take().or_else(|| text(p, "versionInfo").filter(|v| v.starts_with("sha256:")));
                continue;
            }
            _ => {}
        }
        parsed.components.push(Component {
            name: text(p, "name").unwrap_or_default(),
            version: text(p, "versionInfo").filter(|v| v != "NOASSERTION"),
            purl: purl(p),
            location: annotation(p, "airlock:location"),
            layer: annotation(p, "airlock:layer"),
            layer_index: annotation(p, "airlock:layer_index").and_then(|i| i.parse().ok()),
            source_name: None,
            source_version: None,
            trusted_name: annotation(p, "airlock:package_type").is_some(),
        });
    }
    Ok(parsed)
}
