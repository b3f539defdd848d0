//! Shared pieces of the JSON documents Airlock writes for other tools
//! (SBOMs, SARIF, VEX, GitLab): document metadata passed in by the caller,
//! since the core has no clock.

/// What a written document says about its own creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    /// Creation time, RFC 3339 UTC (`2026-12-04T07:00:00Z`); the caller
    /// supplies it (the core has no clock).
    pub created: String,
    /// The tool's version (`0.1.0`).
    pub tool_version: String,
}

impl DocumentMeta {
    /// Metadata with this crate's version.
    pub fn new(created: impl Into<String>) -> Self {
        Self { created: created.into(), tool_version: env!("CARGO_PKG_VERSION").to_owned() }
    }
}

/// The subject's display name: the image reference, else what the user
/// gave, else `image`.
pub(crate) fn subject_name(report: &crate::Report) -> String {
    report.image.reference.clone().or_else(|| report.image.source.clone()).unwrap_or_else(|| "image".to_owned())
}

/// Pretty JSON text with a trailing newline.
pub(crate) fn pretty(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// A stable 64-bit FNV-1a hash, for document ids derived from content.
pub(crate) fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// A UUID-shaped (version 8, RFC 9562 "custom") id derived from `seed`, so
/// equal inputs give equal documents.
pub(crate) fn uuid_from(seed: &str) -> String {
    let a = fnv(seed);
    let b = fnv(&format!("{seed}#2"));
    format!(
        "{:08x}-{:04x}-8{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}
