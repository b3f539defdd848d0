//! OpenVEX (0.2.0, and the older 0.0.x shape with string vulnerabilities).

use serde_json::Value;

use crate::{ProductMatch, Statement, VexError, VexStatus};

/// Parses an OpenVEX/CSAF/CycloneDX status word.
pub(crate) fn status(word: &str) -> Option<VexStatus> {
    Some(match word {
        "not_affected" | "known_not_affected" | "false_positive" => VexStatus::NotAffected,
        "fixed" | "resolved" | "resolved_with_pedigree" => VexStatus::Fixed,
        "under_investigation" | "in_triage" => VexStatus::UnderInvestigation,
        "affected" | "known_affected" | "exploitable" => VexStatus::Affected,
        _ => return None,
    })
}

/// A product id: a purl, or (for a non-purl id) nothing usable.
pub(crate) fn product(id: &str) -> Option<ProductMatch> {
    id.starts_with("pkg:").then(|| ProductMatch::Purl(id.to_owned()))
}

/// Keeps package products; a statement whose products are all images
/// (`pkg:oci`, `pkg:docker`) or non-purl ids applies to every package.
pub(crate) fn packages_only(products: Vec<ProductMatch>) -> Vec<ProductMatch> {
    products
        .into_iter()
        .filter(|p| !matches!(p, ProductMatch::Purl(purl) if purl.starts_with("pkg:oci/") || purl.starts_with("pkg:docker/")))
        .collect()
}

pub(crate) fn read(doc: &Value, source: &str) -> Result<Vec<Statement>, VexError> {
    let malformed = |problem: String| VexError::Malformed { source_name: source.to_owned(), problem };
    let statements =
        doc.get("statements").and_then(Value::as_array).ok_or_else(|| malformed("no statements array".into()))?;
    let mut out = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        let (id, aliases) = match s.get("vulnerability") {
            Some(Value::String(id)) => (id.clone(), Vec::new()),
            Some(v) => (
                v.get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| malformed(format!("statement {i}: vulnerability has no name")))?
                    .to_owned(),
                v.get("aliases")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default(),
            ),
            None => return Err(malformed(format!("statement {i}: no vulnerability"))),
        };
        let word = s.get("status").and_then(Value::as_str).unwrap_or("");
        let status = status(word).ok_or_else(|| malformed(format!("statement {i}: unknown status {word:?}")))?;
        let mut products = Vec::new();
        for p in s.get("products").and_then(Value::as_array).into_iter().flatten() {
            let id = match p {
                Value::String(id) => Some(id.as_str()),
                other => other.get("@id").and_then(Value::as_str),
            };
            products.extend(id.and_then(product));
            let purls = p.pointer("/identifiers/purl").and_then(Value::as_str);
            products.extend(purls.and_then(product));
            for sub in p.get("subcomponents").and_then(Value::as_array).into_iter().flatten() {
                let id = sub
                    .get("@id")
                    .and_then(Value::as_str)
                    .or_else(|| sub.pointer("/identifiers/purl").and_then(Value::as_str));
                products.extend(id.and_then(product));
            }
        }
        let detail =
            s.get("impact_statement").or_else(|| s.get("action_statement")).and_then(Value::as_str).map(str::to_owned);
        out.push(Statement {
            vulnerability: id,
            aliases,
            products: packages_only(products),
            status,
            justification: s.get("justification").and_then(Value::as_str).map(str::to_owned),
            detail,
            source: source.to_owned(),
            expires: None,
        });
    }
    Ok(out)
}
