//! SPDX 2.3 JSON (`airlock sbom --format spdx`).

use serde_json::{Value, json};

use crate::export::{DocumentMeta, pretty, subject_name, uuid_from};
use crate::{PackageEntry, Report};

fn annotation(meta: &DocumentMeta, comment: String) -> Value {
    json!({
        "annotationType": "OTHER",
        "annotator": format!("Tool: airlock-{}", meta.tool_version),
        "annotationDate": meta.created,
        "comment": comment,
    })
}

/// SPDX ids allow letters, digits, `.` and `-` only.
fn spdx_id(kind: &str, index: usize, name: &str) -> String {
    let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    format!("SPDXRef-{kind}-{index}-{clean}")
}

fn package(meta: &DocumentMeta, index: usize, p: &PackageEntry) -> Value {
    let mut annotations = vec![annotation(meta, format!("airlock:package_type={}", p.package_type.as_str()))];
    if !p.location.is_empty() {
        annotations.push(annotation(meta, format!("airlock:location={}", p.location)));
    }
    if let Some(layer) = &p.layer {
        annotations.push(annotation(meta, format!("airlock:layer={layer}")));
    }
    if let Some(i) = p.layer_index {
        annotations.push(annotation(meta, format!("airlock:layer_index={i}")));
    }
    let found = match (p.location.as_str(), &p.layer, p.layer_index) {
        ("", _, _) => "listed by airlock".to_owned(),
        (loc, Some(layer), Some(i)) => format!("read by airlock from {loc} (layer {i}, {layer})"),
        (loc, _, _) => format!("read by airlock from {loc}"),
    };
    let mut v = json!({
        "SPDXID": spdx_id("Package", index, &p.name),
        "name": p.name,
        "versionInfo": p.version,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false,
        "sourceInfo": found,
        "primaryPackagePurpose": "LIBRARY",
        "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": p.purl}],
    });
    v["annotations"] = json!(annotations);
    v
}

/// The packages of `report` as an SPDX 2.3 document: the image as a
/// CONTAINER package that CONTAINS every package; each package with its
/// purl, database file and layer (in `sourceInfo` and `airlock:`
/// annotations); source packages as SOURCE packages the binaries are
/// GENERATED_FROM; the OS as an OPERATING_SYSTEM package.
pub fn render_spdx(report: &Report, meta: &DocumentMeta) -> String {
    let name = subject_name(report);
    let mut packages = Vec::new();
    let mut relationships = vec![json!({
        "spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Image"
    })];
    let mut image = json!({
        "SPDXID": "SPDXRef-Image", "name": name, "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false, "primaryPackagePurpose": "CONTAINER",
    });
    if let Some(d) = &report.image.digest {
        image["versionInfo"] = json!(d);
    }
    packages.push(image);
    if let Some(os) = &report.image.os {
        let mut v = json!({
            "SPDXID": "SPDXRef-OperatingSystem", "name": os.id, "downloadLocation": "NOASSERTION",
            "filesAnalyzed": false, "primaryPackagePurpose": "OPERATING_SYSTEM",
        });
        if let Some(version) = &os.version_id {
            v["versionInfo"] = json!(version);
        }
        if let Some(pretty) = &os.pretty_name {
            v["description"] = json!(pretty);
        }
        packages.push(v);
        relationships.push(json!({
            "spdxElementId": "SPDXRef-Image", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-OperatingSystem"
        }));
    }
    let mut sources: std::collections::BTreeMap<(String, String), String> = std::collections::BTreeMap::new();
    for (i, p) in report.packages.iter().enumerate() {
        let id = spdx_id("Package", i, &p.name);
        packages.push(package(meta, i, p));
        relationships
            .push(json!({"spdxElementId": "SPDXRef-Image", "relationshipType": "CONTAINS", "relatedSpdxElement": id}));
        if p.source_name != p.name || p.source_version != p.version {
            let next = sources.len();
            let source_id = sources
                .entry((p.source_name.clone(), p.source_version.clone()))
                .or_insert_with(|| spdx_id("Source", next, &p.source_name))
                .clone();
            relationships.push(json!({
                "spdxElementId": id, "relationshipType": "GENERATED_FROM", "relatedSpdxElement": source_id
            }));
        }
    }
    for ((source_name, source_version), id) in &sources {
        packages.push(json!({
            "SPDXID": id, "name": source_name, "versionInfo": source_version,
            "downloadLocation": "NOASSERTION", "filesAnalyzed": false, "primaryPackagePurpose": "SOURCE",
        }));
    }
    let doc = json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": name,
        "documentNamespace": format!("https://airlock.invalid/spdx/{}", uuid_from(&format!("{name}|{}", meta.created))),
        "creationInfo": {"created": meta.created, "creators": [format!("Tool: airlock-{}", meta.tool_version)]},
        "packages": packages,
        "relationships": relationships,
    });
    pretty(&doc)
}
