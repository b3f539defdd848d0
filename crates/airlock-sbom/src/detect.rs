//! Format detection by content, and in-toto unwrapping.

use std::fmt;

use base64::Engine;
use serde_json::Value;

use crate::SbomError;

/// A supported SBOM format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SbomFormat {
    /// CycloneDX JSON (`bomFormat: CycloneDX`).
    CycloneDx,
    /// SPDX 2.x JSON (`spdxVersion: SPDX-2.x`).
    Spdx,
    /// syft's own JSON (`artifacts`, `schema.url` naming syft).
    Syft,
}

impl SbomFormat {
    /// Detects the format of a parsed JSON document.
    pub fn detect(doc: &Value) -> Option<Self> {
        if doc.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
            return Some(Self::CycloneDx);
        }
        if doc.get("spdxVersion").and_then(Value::as_str).is_some_and(|v| v.starts_with("SPDX-2.")) {
            return Some(Self::Spdx);
        }
        let syft_schema = doc.pointer("/schema/url").and_then(Value::as_str).is_some_and(|u| u.contains("syft"))
            || doc.pointer("/descriptor/name").and_then(Value::as_str) == Some("syft");
        if doc.get("artifacts").is_some_and(Value::is_array) && syft_schema {
            return Some(Self::Syft);
        }
        None
    }

    /// Short name (`cyclonedx`, `spdx`, `syft`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CycloneDx => "cyclonedx",
            Self::Spdx => "spdx",
            Self::Syft => "syft",
        }
    }
}

impl fmt::Display for SbomFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `head` (the first bytes of an input) looks like a JSON object:
/// optional UTF-8 BOM and whitespace, then `{`.
pub fn looks_like_json(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Opens in-toto wrappers: a DSSE envelope (`payloadType`, base64
/// `payload`) is decoded, a statement (`_type` in-toto) yields its
/// `predicate`. Anything else is returned as is.
pub fn unwrap_attestation(doc: Value, notes: &mut Vec<String>) -> Result<Value, SbomError> {
    let mut doc = doc;
    if let (Some(kind), Some(payload)) =
        (doc.get("payloadType").and_then(Value::as_str), doc.get("payload").and_then(Value::as_str))
    {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(payload.trim())
            .map_err(|e| SbomError::Attestation(format!("DSSE payload is not base64: {e}")))?;
        notes.push(format!("read from a DSSE envelope ({kind}); signatures were not verified"));
        doc = serde_json::from_slice(&bytes)
            .map_err(|e| SbomError::Attestation(format!("DSSE payload is not JSON: {e}")))?;
    }
    let is_statement = doc.get("_type").and_then(Value::as_str).is_some_and(|t| t.contains("in-toto.io/Statement"));
    if is_statement {
        let predicate_type = doc.get("predicateType").and_then(Value::as_str).unwrap_or("?").to_owned();
        let predicate = doc
            .get_mut("predicate")
            .map(Value::take)
            .ok_or_else(|| SbomError::Attestation("statement has no predicate".into()))?;
        let predicate = match predicate {
            // Some producers embed the SBOM as a JSON string.
            Value::String(s) => serde_json::from_str(&s)
                .map_err(|e| SbomError::Attestation(format!("predicate string is not JSON: {e}")))?,
            other => other,
        };
        notes.push(format!("read from an in-toto statement (predicate {predicate_type})"));
        return Ok(predicate);
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_json_objects() {
        assert!(looks_like_json(b"  \n{\"a\":1}"));
        assert!(looks_like_json(b"\xEF\xBB\xBF{"));
        assert!(!looks_like_json(b"\x1f\x8b\x08"));
        assert!(!looks_like_json(b"blobs/"));
        assert!(!looks_like_json(b""));
    }

    #[test]
    fn detects_formats() {
        let cdx = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.5"});
        let spdx = serde_json::json!({"spdxVersion": "SPDX-2.2"});
        let syft = serde_json::json!({"artifacts": [], "schema": {"url": "https://x/syft/schema-16.json"}});
        assert_eq!(SbomFormat::detect(&cdx), Some(SbomFormat::CycloneDx));
        assert_eq!(SbomFormat::detect(&spdx), Some(SbomFormat::Spdx));
        assert_eq!(SbomFormat::detect(&syft), Some(SbomFormat::Syft));
        assert_eq!(SbomFormat::detect(&serde_json::json!({"artifacts": []})), None);
    }

    #[test]
    fn unwraps_dsse_and_statements() {
        let statement = serde_json::json!({
            "_type": "https://in-toto.io/Statement/v0.1",
            "predicateType": "https://spdx.dev/Document",
            "subject": [],
            "predicate": {"spdxVersion": "SPDX-2.3"}
        });
        let payload = base64::engine::general_purpose::STANDARD.encode(statement.to_string());
        let envelope =
            serde_json::json!({"payloadType": "application/vnd.in-toto+json", "payload": payload, "signatures": []});
        let mut notes = Vec::new();
        let inner = unwrap_attestation(envelope, &mut notes).unwrap();
        assert_eq!(SbomFormat::detect(&inner), Some(SbomFormat::Spdx));
        assert_eq!(notes.len(), 2);
        let bad = serde_json::json!({"payloadType": "x", "payload": "%%%"});
        assert!(matches!(unwrap_attestation(bad, &mut notes), Err(SbomError::Attestation(_))));
    }
}
