/* Airlock scan worker. It owns the wasm Viewer (snapshot + last report) and
 * answers the page's requests; matching, filtering and sorting all happen in
 * the wasm core. The page posts: init, file, findings, packages, layers, export. */
'use strict';
// Served: load the wasm-bindgen glue beside this file. Inlined (airlock.html): the glue precedes this code.
if (typeof wasm_bindgen === 'undefined') importScripts('airlock_wasm.js');

let viewer = null;

function message(err) {
  return String((err && err.message) || err);
}

async function init(msg) {
  try {
    if (msg.wasm) {
      await wasm_bindgen({ module_or_path: msg.wasm });
    } else {
      await wasm_bindgen({ module_or_path: new URL('airlock_wasm_bg.wasm', self.location.href) });
    }
    viewer = new wasm_bindgen.Viewer();
    let snapshot = null;
    let snapshotError = null;
    let bytes = msg.snapshot ? new Uint8Array(msg.snapshot) : null;
    if (!bytes && !msg.wasm) {
      // The build may bundle a snapshot beside the page (same origin).
      const res = await fetch(new URL('airlock.snapshot.gz', self.location.href));
      if (res.ok) bytes = new Uint8Array(await res.arrayBuffer());
    }
    if (bytes) {
      try { snapshot = viewer.load_snapshot(bytes, 'bundled snapshot'); } catch (e) { snapshotError = message(e); }
    }
    self.postMessage({ type: 'ready', snapshot, snapshotError, formats: viewer.export_formats() });
  } catch (e) {
    self.postMessage({ type: 'ready', error: message(e) });
  }
}

function scanImage(file) {
  let last = 0;
  const progress = (layersDone, layersTotal, bytesRead, bytesTotal) => {
    const now = performance.now();
    if (now - last < 40 && layersDone < layersTotal) return;
    last = now;
    self.postMessage({ type: 'progress', layersDone, layersTotal, bytesRead, bytesTotal });
  };
  const started = performance.now();
  const report = viewer.scan_blob(file, file.name, progress);
  const ms = performance.now() - started;
  return { kind: 'image', report, ms, wasmMemory: viewer.memory_bytes() };
}

function handle(msg) {
  if (!viewer) throw new Error('the scanner is not ready yet');
  switch (msg.type) {
    case 'file': {
      const kind = viewer.classify(msg.file, msg.file.name);
      if (kind === 'image') return scanImage(msg.file);
      if (kind === 'snapshot') {
        const bytes = new Uint8Array(new FileReaderSync().readAsArrayBuffer(msg.file));
        return { kind, snapshot: viewer.load_snapshot(bytes, msg.file.name) };
      }
      return { kind, report: viewer.scan_sbom(msg.file, msg.file.name) };
    }
    case 'findings': return viewer.findings(msg.query);
    case 'packages': return viewer.packages(msg.text || '');
    case 'layers': return viewer.layers();
    case 'export': return viewer.export(msg.format);
    default: throw new Error('unknown request ' + msg.type);
  }
}

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'init') { init(msg); return; }
  try {
    self.postMessage({ type: 'reply', id: msg.id, ok: true, value: handle(msg) });
  } catch (err) {
    self.postMessage({ type: 'reply', id: msg.id, ok: false, error: message(err) });
  }
};
