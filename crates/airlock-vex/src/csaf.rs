//! CSAF 2.0 VEX (`document.category: csaf_vex`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::openvex::{packages_only, product};
use crate::{ProductMatch, Statement, VexError, VexStatus};

/// Collects `product_id → purl` from the product tree (branches, full
/// product names, relationships), recursively.
fn collect(node: &Value, out: &mut BTreeMap<String, String>) {
    let mut take = |p: &Value| {
        if let (Some(id), Some(purl)) = (
            p.get("product_id").and_then(Value::as_str),
            p.pointer("/product_identification_helper/purl").and_then(Value::as_str),
        ) {
            out.insert(id.to_owned(), purl.to_owned());
        }
    };
    if let Some(p) = node.get("product") {
        take(p);
    }
    for p in node.get("full_product_names").and_then(Value::as_array).into_iter().flatten() {
        take(p);
    }
    for r in node.get("relationships").and_then(Value::as_array).into_iter().flatten() {
        // "X as a component of Y": the vulnerable part is X.
        if let (Some(full), Some(refd)) = (
            r.pointer("/full_product_name/product_id").and_then(Value::as_str),
            r.get("product_reference").and_then(Value::as_str),
        ) && let Some(purl) = out.get(refd).cloned()
        {
            out.insert(full.to_owned(), purl);
        }
    }
    for b in node.get("branches").and_then(Value::as_array).into_iter().flatten() {
        collect(b, out);
    }
}

pub(crate) fn read(doc: &Value, source: &str) -> Result<Vec<Statement>, VexError> {
    let mut purls = BTreeMap::new();
    if let Some(tree) = doc.get("product_tree") {
        collect(tree, &mut purls);
        // Relationships may refer to products listed after them: a second pass.
        collect(tree, &mut purls);
    }
    let vulnerabilities = doc.get("vulnerabilities").and_then(Value::as_array).ok_or_else(|| VexError::Malformed {
        source_name: source.to_owned(),
        problem: "no vulnerabilities array".into(),
    })?;
    let mut out = Vec::new();
    for v in vulnerabilities {
        let id = v
            .get("cve")
            .and_then(Value::as_str)
            .or_else(|| v.pointer("/ids/0/text").and_then(Value::as_str))
            .ok_or_else(|| VexError::Malformed {
                source_name: source.to_owned(),
                problem: "vulnerability without cve or ids".into(),
            })?;
        let aliases: Vec<String> = v
            .get("ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|i| i.get("text")?.as_str().map(str::to_owned))
            .filter(|a| a != id)
            .collect();
        // product id → justification flag / impact detail.
        let mut flags = BTreeMap::new();
        for f in v.get("flags").and_then(Value::as_array).into_iter().flatten() {
            let label = f.get("label").and_then(Value::as_str).unwrap_or_default();
            for pid in f.get("product_ids").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                flags.insert(pid.to_owned(), label.to_owned());
            }
        }
        let mut impacts = BTreeMap::new();
        for t in v.get("threats").and_then(Value::as_array).into_iter().flatten() {
            if t.get("category").and_then(Value::as_str) == Some("impact") {
                let details = t.get("details").and_then(Value::as_str).unwrap_or_default();
                for pid in
                    t.get("product_ids").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
                {
                    impacts.insert(pid.to_owned(), details.to_owned());
                }
            }
        }
        let Some(statuses) = v.get("product_status").and_then(Value::as_object) else { continue };
        for (word, ids) in statuses {
            let status = match word.as_str() {
                "known_not_affected" => VexStatus::NotAffected,
                "fixed" | "first_fixed" => VexStatus::Fixed,
                "under_investigation" => VexStatus::UnderInvestigation,
                "known_affected" | "first_affected" | "last_affected" => VexStatus::Affected,
                _ => continue,
            };
            for pid in ids.as_array().into_iter().flatten().filter_map(Value::as_str) {
                let products: Vec<ProductMatch> = match purls.get(pid) {
                    Some(purl) => packages_only(product(purl).into_iter().collect()),
                    None => Vec::new(),
                };
                out.push(Statement {
                    vulnerability: id.to_owned(),
                    aliases: aliases.clone(),
                    products,
                    status,
                    justification: flags.get(pid).cloned(),
                    detail: impacts.get(pid).cloned().filter(|d| !d.is_empty()),
                    source: source.to_owned(),
                    expires: None,
                });
            }
        }
    }
    Ok(out)
}
