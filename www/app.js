/* Airlock viewer page: starts the scan worker, routes dropped files to it and
 * renders what it returns. No matching, filtering, sorting or severity logic
 * lives here: every view comes from the wasm core (see worker.js). Untrusted
 * text from the image is only ever set with textContent. */
'use strict';
(function () {
  const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unspecified'];
  const LETTER = { critical: 'C', high: 'H', medium: 'M', low: 'L', unspecified: '?' };
  const $ = (id) => document.getElementById(id);

  const state = { worker: null, nextId: 1, pending: new Map(), report: null, busy: false, chips: new Set(), formats: [], lastScan: null };
  // Read by the end-to-end tests and the benchmark.
  window.airlock = state;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function setStatus(text) { $('status').textContent = text; }

  function showError(text) {
    const box = $('error');
    box.textContent = text;
    box.hidden = !text;
  }

  function mib(bytes) { return (bytes / (1024 * 1024)).toFixed(1) + ' MiB'; }

  // ---- worker plumbing -------------------------------------------------
  function base64Bytes(text) {
    const clean = text.replace(/\s+/g, '');
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(clean);
    const bin = atob(clean);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function startWorker() {
    const inlineSrc = $('airlock-worker');
    if (inlineSrc) {
      // Single-file airlock.html (file://): the worker, wasm and snapshot are inlined.
      const url = URL.createObjectURL(new Blob([inlineSrc.textContent], { type: 'text/javascript' }));
      const worker = new Worker(url);
      const wasm = base64Bytes($('airlock-wasm').textContent).buffer;
      const snapEl = $('airlock-snapshot');
      const snapshot = snapEl ? base64Bytes(snapEl.textContent).buffer : null;
      worker.postMessage({ type: 'init', wasm, snapshot }, snapshot ? [wasm, snapshot] : [wasm]);
      return worker;
    }
    const worker = new Worker('worker.js');
    worker.postMessage({ type: 'init' });
    return worker;
  }

  function request(msg) {
    const id = state.nextId++;
    return new Promise((resolve, reject) => {
      state.pending.set(id, { resolve, reject });
      state.worker.postMessage({ ...msg, id });
    });
  }

  function onWorkerMessage(e) {
    const msg = e.data;
    if (msg.type === 'ready') return onReady(msg);
    if (msg.type === 'progress') return onProgress(msg);
    if (msg.type === 'reply') {
      const p = state.pending.get(msg.id);
      state.pending.delete(msg.id);
      if (p) (msg.ok ? p.resolve(msg.value) : p.reject(new Error(msg.error)));
    }
  }

  function snapshotText(s) {
    if (!s) return 'No advisory snapshot loaded: drop an airlock.snapshot file (from `airlock db build`) before the image.';
    const built = s.built_at ? `, built ${s.built_at}` : '';
    return `Advisory snapshot: ${s.label} (${s.advisories.toLocaleString('en')} advisories from ${s.sources.join(', ')}${built}). Offline; nothing is sent anywhere.`;
  }

  function onReady(msg) {
    if (msg.error) {
      setStatus('error');
      showError('The scanner could not start: ' + msg.error);
      $('snapshot-status').textContent = 'Scanner unavailable.';
      return;
    }
    state.formats = msg.formats || [];
    $('snapshot-status').textContent = snapshotText(msg.snapshot);
    if (msg.snapshotError) showError('The bundled snapshot could not be loaded: ' + msg.snapshotError);
    setStatus('ready');
  }

  function onProgress(p) {
    state.progressEvents = (state.progressEvents || 0) + 1;
    const box = $('progress-box');
    box.hidden = false;
    const bar = $('progress');
    if (p.bytesTotal) { bar.max = p.bytesTotal; bar.value = Math.min(p.bytesRead, p.bytesTotal); }
    const layers = p.layersTotal ? `layer ${Math.min(p.layersDone + 1, p.layersTotal)} of ${p.layersTotal}` : 'reading the manifest';
    const total = p.bytesTotal ? ' / ' + mib(p.bytesTotal) : '';
    $('progress-text').textContent = `Reading ${layers} · ${mib(p.bytesRead)}${total}`;
  }

  // ---- files -----------------------------------------------------------
  async function handleFile(file) {
    if (!file) return;
    if (state.busy) { showError('A scan is still running; wait for it to finish.'); return; }
    state.busy = true;
    showError('');
    setStatus('working: ' + file.name);
    $('progress-box').hidden = true;
    try {
      const result = await request({ type: 'file', file });
      if (result.kind === 'snapshot') {
        $('snapshot-status').textContent = snapshotText(result.snapshot);
        setStatus('snapshot loaded: ' + file.name);
      } else {
        state.report = result.report;
        state.lastScan = { name: file.name, ms: result.ms, wasmMemory: result.wasmMemory };
        $('progress-box').hidden = true;
        await renderReport(result);
        setStatus(`done: ${file.name} in ${Math.round(result.ms)} ms`);
      }
    } catch (err) {
      showError(err.message);
      setStatus('error: ' + file.name);
    } finally {
      state.busy = false;
      $('progress-box').hidden = true;
      $('file').value = '';
    }
  }

  // ---- rendering -------------------------------------------------------
  function sevChip(sev, count) {
    const label = count === undefined ? sev : `${count}${LETTER[sev]}`;
    const title = count === undefined ? null : `${count} ${sev}`;
    return el('span', { class: `sev ${sev}${count === 0 ? ' zero' : ''}`, title, 'data-severity': sev, 'data-count': count, text: label });
  }

  function countChips(summary, { showUnspecified, noneText } = {}) {
    const span = el('span', { class: 'counts' });
    if (noneText && SEVERITIES.every((s) => !summary[s])) {
      span.append(el('span', { class: 'unfixed', text: noneText }));
      return span;
    }
    for (const s of SEVERITIES) {
      if (s === 'unspecified' && !showUnspecified && !summary[s]) continue;
      span.append(sevChip(s, summary[s]));
    }
    return span;
  }

  function renderChart(summary) {
    const ns = 'http://www.w3.org/2000/svg';
    const max = Math.max(1, ...SEVERITIES.map((s) => summary[s]));
    const rowH = 30, labelW = 96, barW = 190, w = labelW + barW + 50;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${rowH * SEVERITIES.length + 6}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', SEVERITIES.map((s) => `${summary[s]} ${s}`).join(', '));
    const colors = getComputedStyle(document.documentElement);
    SEVERITIES.forEach((s, i) => {
      const y = i * rowH + 4;
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', 0); label.setAttribute('y', y + 17); label.textContent = s;
      const track = document.createElementNS(ns, 'rect');
      track.setAttribute('x', labelW); track.setAttribute('y', y + 3); track.setAttribute('width', barW); track.setAttribute('height', 20);
      track.setAttribute('fill', '#eceff3'); track.setAttribute('rx', 3);
      const bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', labelW); bar.setAttribute('y', y + 3); bar.setAttribute('height', 20); bar.setAttribute('rx', 3);
      bar.setAttribute('width', summary[s] ? Math.max(3, (barW * summary[s]) / max) : 0);
      bar.setAttribute('fill', colors.getPropertyValue('--' + s).trim() || '#555');
      const count = document.createElementNS(ns, 'text');
      count.setAttribute('x', labelW + barW + 8); count.setAttribute('y', y + 17); count.textContent = String(summary[s]);
      svg.append(label, track, bar, count);
    });
    $('chart').replaceChildren(svg);
  }

  function renderQuickview(report, result) {
    const img = report.image;
    $('qv-target').textContent = img.reference || img.source || '(unnamed image)';
    $('qv-counts').replaceChildren(...countChips(report.summary, { showUnspecified: true }).childNodes);
    $('qv-digest').textContent = img.digest || '—';
    $('qv-platform').textContent = img.platform || '—';
    $('qv-os').textContent = img.os ? (img.os.pretty_name || `${img.os.id} ${img.os.version_id || ''}`) : 'not detected';
    $('qv-packages').textContent = `${report.packages.length} packages, ${report.findings.length} vulnerabilities`;
    // No base-image data exists in airlock.report/v1 yet: the row stays hidden until it does.
    $('qv-base-row').hidden = true;
    const source = img.source && img.source !== img.reference ? `file ${img.source} · ` : '';
    $('qv-meta').textContent = `${source}scanned in ${Math.round(result.ms)} ms in this tab`;
    $('notes').replaceChildren(...(report.notes || []).map((n) => el('li', { text: n })));
    const downloads = $('downloads');
    downloads.replaceChildren(...state.formats.map((f) => {
      const b = el('button', { type: 'button', 'data-format': f, text: `Download ${f.toUpperCase()} report` });
      b.addEventListener('click', () => download(f));
      return b;
    }));
  }

  async function download(format) {
    try {
      const text = await request({ type: 'export', format });
      const url = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/plain' }));
      const base = (state.lastScan && state.lastScan.name || 'image').replace(/\.(tar|tgz|tar\.gz)$/i, '');
      const a = el('a', { href: url, download: `${base}.airlock.${format}` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      showError(err.message);
    }
  }

  function renderChips(summary) {
    $('chips').replaceChildren(...SEVERITIES.map((s) => {
      const b = el('button', { type: 'button', class: s, 'aria-pressed': String(state.chips.has(s)), 'data-severity': s, text: `${s} ${summary[s]}` });
      b.addEventListener('click', () => {
        if (state.chips.has(s)) state.chips.delete(s); else state.chips.add(s);
        b.setAttribute('aria-pressed', String(state.chips.has(s)));
        refreshFindings();
      });
      return b;
    }));
  }

  function query() {
    const fix = $('fix-filter').value;
    return {
      severities: SEVERITIES.filter((s) => state.chips.has(s)),
      only_fixed: fix === 'fixed',
      only_unfixed: fix === 'unfixed',
      text: $('search').value,
      sort: $('sort').value,
    };
  }

  function sourceText(src) {
    if (!src) return '';
    if (src.kind === 'distro-urgency') return `distro urgency (${src.detail})`;
    if (src.kind === 'cvss') return 'CVSS';
    return src.kind === 'none' ? 'none' : src.kind;
  }

  let findingsSeq = 0;
  async function refreshFindings() {
    const seq = ++findingsSeq;
    let view;
    try { view = await request({ type: 'findings', query: query() }); } catch (err) { showError(err.message); return; }
    if (seq !== findingsSeq) return; // a newer query superseded this one
    $('cves-count').textContent = `${view.shown} of ${view.total} vulnerabilities in ${view.groups.length} packages`;
    const rows = [];
    for (const g of view.groups) {
      const head = el('th', { colspan: 6, scope: 'rowgroup' }, g.package.name, el('span', { class: 'pkgver', text: `${g.package.version} · ${g.package.type}` }), countChips(g.summary));
      rows.push(el('tr', { class: 'group' }, head));
      for (const f of g.findings) {
        const id = el('td', {}, el('span', { class: 'mono', text: f.id }), f.aliases.length ? el('span', { class: 'aliases', text: f.aliases.join(', ') }) : null);
        const fixed = f.fixed_version ? el('td', { class: 'mono', text: f.fixed_version }) : el('td', { class: 'unfixed', text: 'not fixed' });
        rows.push(el('tr', { 'data-id': f.id },
          el('td', {}, sevChip(f.severity)),
          id,
          el('td', { title: f.cvss ? f.cvss.vector : null, text: f.cvss ? f.cvss.score.toFixed(1) : '—' }),
          el('td', { text: sourceText(f.severity_source) }),
          fixed,
          el('td', { class: 'summary', text: f.summary || '' })));
      }
    }
    $('cves-body').replaceChildren(...rows);
  }

  async function refreshPackages() {
    let rows;
    try { rows = await request({ type: 'packages', text: $('pkg-search').value }); } catch (err) { showError(err.message); return; }
    $('pkg-count').textContent = `${rows.length} of ${state.report.packages.length} packages`;
    $('pkg-body').replaceChildren(...rows.map((r) => el('tr', {},
      el('td', { title: r.package.purl, text: r.package.name }),
      el('td', { class: 'mono', text: r.package.version }),
      el('td', { text: r.package.type }),
      el('td', { text: r.package.source_name === r.package.name ? '' : `${r.package.source_name} ${r.package.source_version}` }),
      el('td', { text: r.package.layer_index === null || r.package.layer_index === undefined ? '—' : String(r.package.layer_index) }),
      el('td', {}, countChips(r.summary, { noneText: 'none' })))));
  }

  async function refreshLayers() {
    let rows;
    try { rows = await request({ type: 'layers' }); } catch (err) { showError(err.message); return; }
    $('layers-body').replaceChildren(...rows.map((r) => {
      const pk = r.packages.length
        ? el('details', {}, el('summary', { text: `${r.packages.length} packages` }), el('p', { class: 'mono', text: r.packages.join(', ') }))
        : el('span', { class: 'unfixed', text: 'none' });
      return el('tr', {},
        el('td', { text: String(r.layer.index) }),
        el('td', { class: 'mono', title: r.layer.diff_id, text: r.layer.diff_id.replace(/^sha256:/, '').slice(0, 12) }),
        el('td', { text: r.layer.size ? mib(r.layer.size) : '—' }),
        el('td', { class: 'summary', text: r.layer.created_by || '' }),
        el('td', {}, pk),
        el('td', {}, countChips(r.summary, { noneText: 'none' })));
    }));
  }

  async function renderReport(result) {
    const report = result.report;
    state.chips.clear();
    $('results').hidden = false;
    renderQuickview(report, result);
    renderChart(report.summary);
    renderChips(report.summary);
    await Promise.all([refreshFindings(), refreshPackages(), refreshLayers()]);
  }

  // ---- tabs (arrow keys move between them) ------------------------------
  function setupTabs() {
    const tabs = Array.from(document.querySelectorAll('[role=tab]'));
    const select = (tab) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute('aria-selected', String(on));
        t.tabIndex = on ? 0 : -1;
        $(t.getAttribute('aria-controls')).hidden = !on;
      }
      tab.focus();
    };
    tabs.forEach((t, i) => {
      t.addEventListener('click', () => select(t));
      t.addEventListener('keydown', (e) => {
        const move = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
        if (move) { e.preventDefault(); select(tabs[(i + move + tabs.length) % tabs.length]); }
        if (e.key === 'Home') { e.preventDefault(); select(tabs[0]); }
        if (e.key === 'End') { e.preventDefault(); select(tabs[tabs.length - 1]); }
      });
    });
  }

  function setup() {
    state.worker = startWorker();
    state.worker.addEventListener('message', onWorkerMessage);
    state.worker.addEventListener('error', (e) => { setStatus('error'); showError('The scan worker failed: ' + (e.message || 'unknown error')); });
    $('file').addEventListener('change', (e) => handleFile(e.target.files[0]));
    const drop = $('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    // A file dropped anywhere on the page is scanned (and never opened by the browser).
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files.length) handleFile(e.dataTransfer.files[0]);
    });
    let searchTimer = 0;
    $('search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(refreshFindings, 120); });
    $('fix-filter').addEventListener('change', refreshFindings);
    $('sort').addEventListener('change', refreshFindings);
    let pkgTimer = 0;
    $('pkg-search').addEventListener('input', () => { clearTimeout(pkgTimer); pkgTimer = setTimeout(refreshPackages, 120); });
    setupTabs();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup); else setup();
})();
