//! Browser adapter of the [`airlock`] facade (wasm-bindgen).
//!
//! A [`Viewer`] lives in a Web Worker. It holds the advisory snapshot and the
//! last report; it scans a `File`/`Blob` read slice by slice through
//! `FileReaderSync` (never the whole file in one buffer), reports progress
//! through a JavaScript callback, and answers the page's view queries
//! (filters, text search, sort) with the core's [`airlock_report`] views, so
//! the page only renders. Every error reaches JavaScript through
//! [`js_error`].

mod blob;
pub mod kind;
pub mod read_ahead;

use std::io::Read;

use airlock::{Report, ScanOptions, Snapshot};
use airlock_report::{BrowseQuery, LayerMeta};
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use kind::{InputKind, classify};
pub use read_ahead::{ReadAhead, SliceSource};

/// The one conversion of every error into the JavaScript `Error` the page shows.
pub fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// Report formats this build can export.
pub const EXPORT_FORMATS: &[&str] = &["json", "sarif", "cyclonedx", "spdx", "markdown"];

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(js_error)
}

/// Metadata of an exported document, created now (the browser's clock).
fn document_meta() -> airlock_report::DocumentMeta {
    airlock_report::DocumentMeta::new(String::from(js_sys::Date::new_0().to_iso_string()))
}

/// Decodes snapshot bytes, gzip-compressed or not.
pub fn decode_snapshot(bytes: &[u8]) -> Result<Snapshot, String> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut plain)
            .map_err(|e| format!("the gzip-compressed snapshot cannot be decompressed: {e}"))?;
        return Snapshot::from_bytes(&plain).map_err(|e| e.to_string());
    }
    Snapshot::from_bytes(bytes).map_err(|e| e.to_string())
}

/// What the page shows about the loaded snapshot.
#[derive(Debug, Serialize)]
struct SnapshotSummary<'a> {
    label: &'a str,
    built_at: &'a str,
    advisories: usize,
    sources: Vec<&'a str>,
}

/// The viewer's state in the worker: snapshot, last report, its layers.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Viewer {
    snapshot: Option<(Snapshot, String)>,
    report: Option<Report>,
    layers: Vec<LayerMeta>,
}

#[wasm_bindgen]
impl Viewer {
    /// A viewer without snapshot or report.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Viewer {
        Viewer::default()
    }

    /// Loads (or replaces) the advisory snapshot from its bytes (plain or
    /// gzip); `label` says where it came from. Returns its summary.
    pub fn load_snapshot(&mut self, bytes: &[u8], label: &str) -> Result<JsValue, JsError> {
        let snapshot = decode_snapshot(bytes).map_err(|e| js_error(format!("{label}: {e}")))?;
        self.snapshot = Some((snapshot, label.to_owned()));
        self.snapshot_summary()
    }

    /// The loaded snapshot's summary, or `null`.
    pub fn snapshot_summary(&self) -> Result<JsValue, JsError> {
        match &self.snapshot {
            None => Ok(JsValue::NULL),
            Some((s, label)) => to_js(&SnapshotSummary {
                label,
                built_at: &s.built_at,
                advisories: s.advisories.len(),
                sources: s.sources.iter().map(|src| src.name.as_str()).collect(),
            }),
        }
    }

    /// What `blob` is (`image`, `snapshot` or `sbom`), from its first bytes;
    /// an error naming `name` says why it is none of them.
    pub fn classify(&self, blob: &web_sys::Blob, name: &str) -> Result<String, JsError> {
        let head = blob::read_head(blob, kind::HEAD_BYTES).map_err(|e| js_error(format!("{name}: {e}")))?;
        let kind = classify(name, &head).map_err(js_error)?;
        Ok(match kind {
            InputKind::Image => "image",
            InputKind::Snapshot => "snapshot",
            InputKind::Sbom => "sbom",
        }
        .to_owned())
    }

    /// Scans an image archive read from `blob` in slices and keeps the
    /// report. `progress(layers_done, layers_total, bytes_read, bytes_total)`
    /// is called as layers are read. Returns the `airlock.report/v1` object.
    pub fn scan_blob(
        &mut self,
        blob: &web_sys::Blob,
        name: &str,
        progress: &js_sys::Function,
    ) -> Result<JsValue, JsError> {
        let (snapshot, _) = self.snapshot.as_ref().ok_or_else(|| {
            js_error(
                "no advisory snapshot is loaded: drop an airlock.snapshot file (built by `airlock db build`) first",
            )
        })?;
        let source = blob::BlobSource::new(blob.clone()).map_err(|e| js_error(format!("{name}: {e}")))?;
        let reader = ReadAhead::new(source, read_ahead::DEFAULT_CHUNK);
        let options = ScanOptions { source: Some(name.to_owned()), ..ScanOptions::default() };
        let mut on_progress = |p: &airlock::Progress| {
            let total = p.bytes_total.map_or(JsValue::NULL, |t| JsValue::from_f64(t as f64));
            let args = js_sys::Array::of4(
                &JsValue::from_f64(p.layers_done as f64),
                &JsValue::from_f64(p.layers_total as f64),
                &JsValue::from_f64(p.bytes_read as f64),
                &total,
            );
            // A failing progress callback must not abort the scan.
            let _ = progress.apply(&JsValue::NULL, &args);
        };
        let scanned =
            airlock::catalog_image(reader, &options, &mut on_progress).map_err(|e| js_error(format!("{name}: {e}")))?;
        let report = airlock::report(&scanned, Some(snapshot), &options);
        self.layers = scanned
            .info
            .layers
            .iter()
            .map(|l| LayerMeta {
                index: l.index,
                diff_id: l.diff_id.to_string(),
                size: Some(l.compressed_size),
                created_by: l.created_by.clone(),
            })
            .collect();
        let value = to_js(&report)?;
        self.report = Some(report);
        Ok(value)
    }

    /// Scans an SBOM (SPDX, CycloneDX, syft JSON or an in-toto attestation)
    /// read from `blob` and keeps the report. Returns the `airlock.report/v1`
    /// object.
    pub fn scan_sbom(&mut self, blob: &web_sys::Blob, name: &str) -> Result<JsValue, JsError> {
        let (snapshot, _) = self.snapshot.as_ref().ok_or_else(|| {
            js_error(
                "no advisory snapshot is loaded: drop an airlock.snapshot file (built by `airlock db build`) first",
            )
        })?;
        let source = blob::BlobSource::new(blob.clone()).map_err(|e| js_error(format!("{name}: {e}")))?;
        let reader = ReadAhead::new(source, read_ahead::DEFAULT_CHUNK);
        let options = ScanOptions { source: Some(name.to_owned()), ..ScanOptions::default() };
        let report = airlock::scan_sbom(reader, snapshot, &options).map_err(|e| js_error(format!("{name}: {e}")))?;
        self.layers = Vec::new();
        let value = to_js(&report)?;
        self.report = Some(report);
        Ok(value)
    }

    /// Findings grouped by package for a query object
    /// (`{severities, only_fixed, only_unfixed, text, sort}`, all optional).
    pub fn findings(&self, query: JsValue) -> Result<JsValue, JsError> {
        let query: BrowseQuery = if query.is_undefined() || query.is_null() {
            BrowseQuery::default()
        } else {
            serde_wasm_bindgen::from_value(query).map_err(|e| js_error(format!("invalid view query: {e}")))?
        };
        to_js(&airlock_report::findings_view(self.current()?, &query))
    }

    /// Packages whose name, version, source or purl contains `text`.
    pub fn packages(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&airlock_report::packages_view(self.current()?, text))
    }

    /// Layers with the packages they introduced and their findings.
    pub fn layers(&self) -> Result<JsValue, JsError> {
        to_js(&airlock_report::layers_view(self.current()?, &self.layers))
    }

    /// Formats [`Viewer::export`] accepts.
    pub fn export_formats(&self) -> Vec<String> {
        EXPORT_FORMATS.iter().map(|f| (*f).to_owned()).collect()
    }

    /// The last report in `format` (see [`Viewer::export_formats`]).
    pub fn export(&self, format: &str) -> Result<String, JsError> {
        let report = self.current()?;
        match format {
            "json" => Ok(airlock_report::to_json(report) + "\n"),
            "sarif" => Ok(airlock_report::render_sarif(report, &document_meta())),
            "cyclonedx" => Ok(airlock_report::render_cyclonedx(report, &document_meta())),
            "spdx" => Ok(airlock_report::render_spdx(report, &document_meta())),
            "markdown" => {
                let mut out = String::new();
                airlock_report::render_markdown(report, &mut out);
                Ok(out)
            }
            other => Err(js_error(format!("export format {other:?} is not available in this build"))),
        }
    }

    /// Bytes of wasm linear memory in use (it only grows, so this is the peak).
    pub fn memory_bytes(&self) -> f64 {
        blob::memory_bytes()
    }

    fn current(&self) -> Result<&Report, JsError> {
        self.report.as_ref().ok_or_else(|| js_error("no image has been scanned yet"))
    }
}
