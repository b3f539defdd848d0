//! CycloneDX VEX (`vulnerabilities[].analysis`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::openvex::{packages_only, product, status};
use crate::{ProductMatch, Statement, VexError};

fn refs(components: &[Value], out: &mut BTreeMap<String, String>) {
    for c in components {
        if let (Some(r), Some(purl)) = (c.get("bom-ref").and_then(Value::as_str), c.get("purl").and_then(Value::as_str))
        {
            out.insert(r.to_owned(), purl.to_owned());
        }
        if let Some(Value::Array(nested)) = c.get("components") {
            refs(nested, out);
        }
    }
}

pub(crate) fn read(doc: &Value, source: &str) -> Result<Vec<Statement>, VexError> {
    let mut purls = BTreeMap::new();
    if let Some(Value::Array(components)) = doc.get("components") {
        refs(components, &mut purls);
    }
    let vulnerabilities = doc.get("vulnerabilities").and_then(Value::as_array).ok_or_else(|| VexError::Malformed {
        source_name: source.to_owned(),
        problem: "CycloneDX document without vulnerabilities".into(),
    })?;
    let mut out = Vec::new();
    for v in vulnerabilities {
        let Some(id) = v.get("id").and_then(Value::as_str) else { continue };
        let Some(state) = v.pointer("/analysis/state").and_then(Value::as_str) else { continue };
        let status = status(state).ok_or_else(|| VexError::Malformed {
            source_name: source.to_owned(),
            problem: format!("{id}: unknown analysis state {state:?}"),
        })?;
        // Each affected ref: a component's purl, a purl itself, or (unresolvable)
        // a name that only a package of that name matches — never "everything".
        let products = v
            .get("affects")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("ref").and_then(Value::as_str))
            .map(|r| {
                product(purls.get(r).map_or(r, String::as_str)).unwrap_or_else(|| ProductMatch::Name(r.to_owned()))
            })
            .collect();
        let aliases = v
            .get("references")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned))
            .collect();
        out.push(Statement {
            vulnerability: id.to_owned(),
            aliases,
            products: packages_only(products),
            status,
            justification: v.pointer("/analysis/justification").and_then(Value::as_str).map(str::to_owned),
            detail: v.pointer("/analysis/detail").and_then(Value::as_str).map(str::to_owned),
            source: source.to_owned(),
            expires: None,
        });
    }
    Ok(out)
}
