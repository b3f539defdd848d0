//! CycloneDX 1.6 JSON: the SBOM (`airlock sbom --format cyclonedx`) and the
//! VEX of the findings (`airlock cves --format cyclonedx-vex`).

use serde_json::{Value, json};

use crate::export::{DocumentMeta, pretty, subject_name, uuid_from};
use crate::{FindingEntry, PackageEntry, Report, VexStatus};

const SCHEMA_URL: &str = "http://cyclonedx.org/schema/bom-1.6.schema.json";

fn metadata(report: &Report, meta: &DocumentMeta) -> Value {
    let mut subject = json!({"type": "container", "bom-ref": "airlock:subject", "name": subject_name(report)});
    if let Some(d) = &report.image.digest {
        subject["version"] = json!(d);
    }
    json!({
        "timestamp": meta.created,
        "tools": {"components": [{"type": "application", "name": "airlock", "version": meta.tool_version}]},
        "component": subject,
    })
}

fn bom_ref(index: usize) -> String {
    format!("airlock:pkg:{index}")
}

fn property(name: &str, value: impl Into<String>) -> Value {
    json!({"name": name, "value": value.into()})
}

/// The purl of a package's source package (`arch=source`, as Debian names it).
fn source_purl(p: &PackageEntry) -> Option<String> {
    let parsed = airlock_types::Purl::try_from(p.purl.clone()).ok()?;
    let mut qualifiers: Vec<(String, String)> = parsed.qualifiers.into_iter().filter(|(k, _)| k == "distro").collect();
    qualifiers.push(("arch".into(), "source".into()));
    Some(
        airlock_types::Purl::new(
            &parsed.ty,
            parsed.namespace.as_deref(),
            &p.source_name,
            Some(&p.source_version),
            qualifiers,
        )
        .to_string(),
    )
}

fn component(index: usize, p: &PackageEntry) -> Value {
    let mut properties = vec![property("airlock:package_type", p.package_type.as_str())];
    if !p.location.is_empty() {
        properties.push(property("airlock:location", p.location.clone()));
    }
    if let Some(layer) = &p.layer {
        properties.push(property("airlock:layer", layer.clone()));
    }
    if let Some(i) = p.layer_index {
        properties.push(property("airlock:layer_index", i.to_string()));
    }
    properties.push(property("airlock:source_name", p.source_name.clone()));
    properties.push(property("airlock:source_version", p.source_version.clone()));
    let mut c = json!({
        "type": "library",
        "bom-ref": bom_ref(index),
        "name": p.name,
        "version": p.version,
        "purl": p.purl,
        "properties": properties,
    });
    if !p.location.is_empty() {
        c["evidence"] = json!({"occurrences": [{"location": p.location}]});
    }
    if (p.source_name != p.name || p.source_version != p.version)
        && let Some(purl) = source_purl(p)
    {
        c["pedigree"] = json!({"ancestors": [{
            "type": "library",
            "bom-ref": format!("{}:source", bom_ref(index)),
            "name": p.source_name,
            "version": p.source_version,
            "purl": purl,
        }]});
    }
    c
}

/// The packages of `report` as a CycloneDX 1.6 SBOM: one component per
/// package with its purl, source package as a pedigree ancestor, database
/// file as evidence and layer as `airlock:` properties; the OS as an
/// `operating-system` component.
pub fn render_cyclonedx(report: &Report, meta: &DocumentMeta) -> String {
    let mut components: Vec<Value> = Vec::new();
    if let Some(os) = &report.image.os {
        let mut c = json!({"type": "operating-system", "bom-ref": "airlock:os", "name": os.id});
        if let Some(v) = &os.version_id {
            c["version"] = json!(v);
        }
        if let Some(p) = &os.pretty_name {
            c["description"] = json!(p);
        }
        components.push(c);
    }
    components.extend(report.packages.iter().enumerate().map(|(i, p)| component(i, p)));
    let refs: Vec<String> = (0..report.packages.len()).map(bom_ref).collect();
    let doc = json!({
        "$schema": SCHEMA_URL,
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", uuid_from(&format!("sbom|{}|{}", subject_name(report), meta.created))),
        "version": 1,
        "metadata": metadata(report, meta),
        "components": components,
        "dependencies": [{"ref": "airlock:subject", "dependsOn": refs}],
    });
    pretty(&doc)
}

/// CycloneDX's justification for an OpenVEX/CSAF/CycloneDX one, if any maps.
fn cdx_justification(j: &str) -> Option<&'static str> {
    Some(match j {
        "code_not_present" | "component_not_present" | "vulnerable_code_not_present" => "code_not_present",
        "code_not_reachable" | "vulnerable_code_not_in_execute_path" => "code_not_reachable",
        "requires_configuration" => "requires_configuration",
        "requires_dependency" => "requires_dependency",
        "requires_environment" => "requires_environment",
        "protected_by_compiler" => "protected_by_compiler",
        "protected_at_runtime" => "protected_at_runtime",
        "protected_at_perimeter" => "protected_at_perimeter",
        "protected_by_mitigating_control"
        | "vulnerable_code_cannot_be_controlled_by_adversary"
        | "inline_mitigations_already_exist" => "protected_by_mitigating_control",
        _ => return None,
    })
}

fn cdx_state(f: &FindingEntry) -> (&'static str, Option<&'static str>) {
    let vex = f.vex.as_ref().filter(|v| v.expired.is_none());
    let justification = vex.and_then(|v| v.justification.as_deref()).and_then(cdx_justification);
    match vex.map(|v| v.status) {
        Some(VexStatus::NotAffected) => ("not_affected", justification),
        Some(VexStatus::Fixed) => ("resolved", None),
        Some(VexStatus::UnderInvestigation) => ("in_triage", None),
        Some(VexStatus::Affected) | None => ("exploitable", None),
    }
}

/// The findings of `report` (and the suppressed ones) as a CycloneDX 1.6
/// VEX: one vulnerability per (id, package) with ratings, affects (by
/// bom-ref to the package component) and analysis state.
pub fn render_cyclonedx_vex(report: &Report, meta: &DocumentMeta) -> String {
    let mut components = Vec::new();
    let mut vulnerabilities = Vec::new();
    let mut index_of = std::collections::BTreeMap::new();
    for f in report.findings.iter().chain(&report.suppressed) {
        let next = index_of.len();
        let idx = *index_of.entry(f.package.purl.clone()).or_insert(next);
        if idx == next {
            components.push(json!({
                "type": "library", "bom-ref": bom_ref(idx), "name": f.package.name,
                "version": f.package.version, "purl": f.package.purl,
            }));
        }
        let ratings: Vec<Value> = f
            .ratings
            .iter()
            .map(|r| {
                let mut v = json!({"source": {"name": r.source}, "severity": cdx_severity(r.severity)});
                match (&r.vector, r.score) {
                    (Some(vector), Some(score)) => {
                        v["score"] = json!(score);
                        v["vector"] = json!(vector);
                        v["method"] = json!(match r.method.as_str() {
                            "2.0" => "CVSSv2",
                            "3.0" => "CVSSv3",
                            "4.0" => "CVSSv4",
                            _ => "CVSSv31",
                        });
                    }
                    _ => v["method"] = json!("other"),
                }
                v
            })
            .collect();
        let (state, justification) = cdx_state(f);
        let mut analysis = json!({"state": state});
        if let Some(j) = justification {
            analysis["justification"] = json!(j);
        }
        if let Some(detail) = f.vex.as_ref().and_then(|v| v.detail.clone().or_else(|| v.justification.clone())) {
            analysis["detail"] = json!(detail);
        }
        let mut v = json!({
            "bom-ref": format!("{}@{}", f.id, bom_ref(idx)),
            "id": f.id,
            "ratings": ratings,
            "affects": [{"ref": bom_ref(idx)}],
            "analysis": analysis,
        });
        if let Some(s) = &f.summary {
            v["description"] = json!(s);
        }
        if f.id.starts_with("CVE-") {
            v["source"] = json!({"name": "NVD", "url": format!("https://nvd.nist.gov/vuln/detail/{}", f.id)});
        }
        if let Some(fix) = &f.fixed_version {
            v["recommendation"] = json!(format!("upgrade {} to {fix}", f.package.name));
        }
        vulnerabilities.push(v);
    }
    let doc = json!({
        "$schema": SCHEMA_URL,
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", uuid_from(&format!("vex|{}|{}", subject_name(report), meta.created))),
        "version": 1,
        "metadata": metadata(report, meta),
        "components": components,
        "vulnerabilities": vulnerabilities,
    });
    pretty(&doc)
}

fn cdx_severity(s: airlock_types::Severity) -> &'static str {
    match s {
        airlock_types::Severity::Unspecified => "unknown",
        other => other.as_str(),
    }
}
