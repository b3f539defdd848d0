//! A browser `Blob` (a dropped `File`) as a [`SliceSource`]: each range is a
//! `blob.slice(a, b)` read with `FileReaderSync`, which exists in workers only.

use std::io;

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use web_sys::{Blob, FileReaderSync};

use crate::read_ahead::SliceSource;

fn js_io(what: &str, err: wasm_bindgen::JsValue) -> io::Error {
    let detail = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| format!("{err:?}"));
    io::Error::other(format!("{what}: {detail}"))
}

/// A `Blob` read in slices.
#[derive(Debug)]
pub(crate) struct BlobSource {
    blob: Blob,
    reader: FileReaderSync,
}

impl BlobSource {
    /// Fails outside a worker (no `FileReaderSync`).
    pub(crate) fn new(blob: Blob) -> io::Result<Self> {
        let reader = FileReaderSync::new().map_err(|e| js_io("FileReaderSync is only available in a worker", e))?;
        Ok(Self { blob, reader })
    }
}

impl SliceSource for BlobSource {
    fn size(&self) -> u64 {
        self.blob.size() as u64
    }

    fn read_range(&mut self, start: u64, end: u64, out: &mut Vec<u8>) -> io::Result<()> {
        let part = self.blob.slice_with_f64_and_f64(start as f64, end as f64).map_err(|e| js_io("cannot slice", e))?;
        let buffer = self.reader.read_as_array_buffer(&part).map_err(|e| js_io("cannot read the file", e))?;
        let bytes = Uint8Array::new(&buffer);
        out.clear();
        out.resize(bytes.length() as usize, 0);
        bytes.copy_to(out);
        Ok(())
    }
}

/// The first `max` bytes of `blob`.
pub(crate) fn read_head(blob: &Blob, max: usize) -> io::Result<Vec<u8>> {
    let mut source = BlobSource::new(blob.clone())?;
    let end = source.size().min(max as u64);
    let mut out = Vec::new();
    source.read_range(0, end, &mut out)?;
    Ok(out)
}

/// Bytes of wasm linear memory (0 on other targets).
pub(crate) fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}
