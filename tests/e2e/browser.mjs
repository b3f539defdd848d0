// Real-Chromium tests of the browser viewer (Debian's chromium driven by
// npm's playwright-core). Run by tests/e2e/browser.sh, which builds pkg/,
// writes the native CLI's JSON for each fixture, and serves pkg/ with
// `airlock serve`. Prints one line per check, the benchmark figures, and a
// final "N passed, N failed" line; exits non-zero on any failure.
//
// node tests/e2e/browser.mjs <url> <pkg dir> <fixtures dir> <out dir> <airlock binary> <snapshot>
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(resolve('tools/package.json'));
const { chromium } = require('playwright-core');

const [url, pkgDir, fixtures, outDir, airlock, snapshot] = process.argv.slice(2);
const origin = new URL(url).origin;
const IMAGES = ['debian-bookworm-minbase.oci.tar', 'alpine-3.16.9.oci.tar'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unspecified'];

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

function withoutSource(report) {
  const copy = structuredClone(report);
  delete copy.image.source;
  return copy;
}

function cliReport(image) {
  return JSON.parse(readFileSync(join(outDir, `${image}.cli.json`), 'utf8'));
}

/** Median wall time of the native CLI scanning `image` (JSON output), in ms. */
function nativeMs(image, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(airlock, ['cves', join(fixtures, image), '--db', snapshot, '--format', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`airlock cves ${image} exited ${r.status}`);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Records every request of a page, with the time it was made. */
function recordRequests(page) {
  const log = [];
  page.on('request', (r) => log.push({ url: r.url(), at: performance.now() }));
  page.on('worker', (w) => log.push({ url: w.url(), at: performance.now(), worker: true }));
  return log;
}

async function waitDone(page, name) {
  await page.waitForFunction((n) => {
    const s = document.getElementById('status').textContent;
    return s.startsWith('done: ' + n) || s.startsWith('error');
  }, name, { timeout: 120_000 });
  return page.textContent('#status');
}

async function shownCounts(page) {
  return page.$$eval('#qv-counts [data-severity]', (els) => Object.fromEntries(els.map((e) => [e.dataset.severity, Number(e.dataset.count)])));
}

async function checkScan(page, label, image) {
  const cli = cliReport(image);
  await page.setInputFiles('#file', join(fixtures, image));
  const status = await waitDone(page, image);
  check(`${label}: ${image} scanned`, status.startsWith('done'), status);
  const counts = await shownCounts(page);
  const expected = Object.fromEntries(SEVERITIES.map((s) => [s, cli.summary[s]]));
  check(`${label}: ${image} counts shown equal the CLI's`, JSON.stringify(counts) === JSON.stringify(expected),
    `shown ${JSON.stringify(counts)}, cli ${JSON.stringify(expected)}`);
  const rows = await page.$$eval('#cves-body tr[data-id]', (r) => r.length);
  check(`${label}: ${image} table lists every finding`, rows === cli.findings.length, `${rows} rows, cli ${cli.findings.length}`);
  const report = await page.evaluate(() => window.airlock.report);
  check(`${label}: ${image} report equals the CLI's JSON (but image.source)`,
    JSON.stringify(withoutSource(report)) === JSON.stringify(withoutSource(cli)));
  return report;
}

function networkChecks(label, log, chosenAt, allowed) {
  const foreign = log.filter((r) => !allowed(r.url));
  check(`${label}: every request stays on the page's origin`, foreign.length === 0, foreign.map((r) => r.url).join(', '));
  const late = log.filter((r) => r.at >= chosenAt);
  check(`${label}: no request after a file was chosen`, late.length === 0, late.map((r) => r.url).join(', '));
  return log.filter((r) => r.at < chosenAt).map((r) => r.url.replace(/^.*\//, '') || '/');
}

const profile = mkdtempSync(join(tmpdir(), 'airlock-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--enable-precise-memory-info',
    '--allow-file-access-from-files'],
});
const bench = {};
try {
  // ---- served page --------------------------------------------------------
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const log = recordRequests(page);
  // Heap sampling: the page's isolate through CDP Performance metrics, the
  // worker's through a (non-flat) CDP session attached to the worker target.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const workerSessions = [];
  const replies = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => { if (e.targetInfo.type === 'worker') workerSessions.push(e.sessionId); });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (replies.has(m.id)) { replies.get(m.id)(m.result); replies.delete(m.id); }
  });
  const askWorker = (sessionId, method) => new Promise((done) => {
    const id = nextId++;
    replies.set(id, done);
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => done(null));
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await page.goto(url);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.getElementById('status').textContent), null, { timeout: 60_000 });
  check('served: page and worker start with the bundled snapshot', (await page.textContent('#status')) === 'ready',
    await page.textContent('#snapshot-status'));
  const chosenAt = performance.now();
  await page.keyboard.press('Tab');
  check('served: the first Tab stop is the file chooser', await page.evaluate(() => document.activeElement.id === 'file'));

  let pageHeapPeak = 0;
  let workerHeapPeak = 0;
  let workerBuffersPeak = 0;
  const sampler = setInterval(async () => {
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize');
      if (used && used.value > pageHeapPeak) pageHeapPeak = used.value;
      for (const s of workerSessions) {
        const heap = await askWorker(s, 'Runtime.getHeapUsage');
        if (heap) {
          workerHeapPeak = Math.max(workerHeapPeak, heap.usedSize);
          workerBuffersPeak = Math.max(workerBuffersPeak, heap.backingStorageSize || 0);
        }
      }
    } catch { /* page closing */ }
  }, 20);

  await checkScan(page, 'served', IMAGES[0]);
  const progressEvents = await page.evaluate(() => window.airlock.progressEvents || 0);
  check('served: the progress bar is hidden once the scan is done', !(await page.isVisible('#progress-box')));
  check('served: the worker reported progress (layers, bytes) during the scan', progressEvents >= 2, `${progressEvents} progress messages`);
  bench.browserMs = (await page.evaluate(() => window.airlock.lastScan)).ms;
  Object.assign(bench, { pageHeapPeak, workerHeapPeak, workerBuffersPeak });
  bench.lastScan = await page.evaluate(() => window.airlock.lastScan);
  await page.screenshot({ path: join(outDir, 'debian-overview.png') });
  await page.screenshot({ path: join(outDir, 'debian-full.png'), fullPage: true });

  // Filters, search and sort come from the wasm core; check the page shows them.
  const cli = cliReport(IMAGES[0]);
  await page.click('#chips button[data-severity=high]');
  await page.waitForFunction((n) => document.getElementById('cves-count').textContent.startsWith(`${n} of`), cli.summary.high);
  check('served: the "high" chip keeps only high findings',
    (await page.$$eval('#cves-body tr[data-id] .sev', (s) => s.filter((x) => !x.classList.contains('high')).length)) === 0);
  await page.click('#chips button[data-severity=high]');
  const someId = cli.findings.find((f) => f.severity === 'high')?.id ?? cli.findings[0].id;
  await page.fill('#search', someId.toLowerCase());
  await page.waitForFunction((id) => {
    const rows = [...document.querySelectorAll('#cves-body tr[data-id]')];
    return rows.length > 0 && rows.every((r) => r.dataset.id === id || r.textContent.includes(id));
  }, someId);
  check(`served: text search finds ${someId}`, true);
  await page.fill('#search', '');
  await page.selectOption('#sort', 'package');
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll('#cves-body tr.group th')].map((t) => t.firstChild.textContent);
    return names.length > 1 && names.every((n, i) => i === 0 || names[i - 1] <= n);
  });
  check('served: sort by package orders the groups by name', true);
  await page.selectOption('#sort', 'severity');

  // Packages and layers tabs (keyboard: arrow keys move between tabs).
  await page.focus('#tab-cves');
  await page.keyboard.press('ArrowRight');
  const pkgRows = await page.$$eval('#pkg-body tr', (r) => r.length);
  check('served: packages tab (via keyboard) lists every package', (await page.isVisible('#panel-packages')) && pkgRows === cli.packages.length,
    `${pkgRows} rows, cli ${cli.packages.length}`);
  await page.keyboard.press('ArrowRight');
  const layerPackages = await page.$$eval('#layers-body tr', (rows) => rows.map((r) => r.querySelector('details summary')?.textContent ?? 'none'));
  const perLayer = [0, 1].map((i) => cli.packages.filter((p) => p.layer_index === i).length);
  check('served: layers tab shows the packages each layer introduced',
    JSON.stringify(layerPackages) === JSON.stringify(perLayer.map((n) => (n ? `${n} packages` : 'none'))), JSON.stringify(layerPackages));
  await page.screenshot({ path: join(outDir, 'debian-layers.png'), fullPage: true });
  await page.keyboard.press('Home');

  // JSON download, produced by the wasm core.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloads button[data-format=json]')]);
  const downloaded = JSON.parse(readFileSync(await download.path(), 'utf8'));
  check('served: downloaded JSON equals the CLI report (but image.source)',
    JSON.stringify(withoutSource(downloaded)) === JSON.stringify(withoutSource(cli)), download.suggestedFilename());

  // A wrong file (dropped) shows a readable error; the next file still works.
  await page.evaluate(() => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const dt = new DataTransfer();
    dt.items.add(new File([png], 'holiday.png', { type: 'image/png' }));
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('error'));
  const err = await page.textContent('#error');
  check('served: a dropped PNG shows a readable error', (await page.isVisible('#error')) && err.includes('holiday.png is not a container image') && err.includes('PNG picture'), err);
  await page.screenshot({ path: join(outDir, 'wrong-file.png'), fullPage: false });
  await checkScan(page, 'served (after the error)', IMAGES[1]);
  check('served: the error is cleared by the next scan', !(await page.isVisible('#error')));

  // An SBOM (syft's CycloneDX of the Alpine fixture) is scanned by the wasm
  // core: the counts equal the native CLI's for the same SBOM and snapshot.
  const sbomPath = join(fixtures, 'sbom', 'alpine-3.16.9.oci.cdx.json');
  const sbomCli = JSON.parse(spawnSync(airlock, ['cves', sbomPath, '--db', snapshot, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout);
  await page.setInputFiles('#file', sbomPath);
  const sbomStatus = await waitDone(page, 'alpine-3.16.9.oci.cdx.json');
  check('served: a CycloneDX SBOM is scanned', sbomStatus.startsWith('done'), sbomStatus);
  const sbomCounts = await shownCounts(page);
  const sbomExpected = Object.fromEntries(SEVERITIES.map((sev) => [sev, sbomCli.summary[sev]]));
  check("served: SBOM counts shown equal the CLI's", JSON.stringify(sbomCounts) === JSON.stringify(sbomExpected),
    `shown ${JSON.stringify(sbomCounts)}, cli ${JSON.stringify(sbomExpected)}`);
  const sbomReport = await page.evaluate(() => window.airlock.report);
  check("served: SBOM report's findings equal the CLI's",
    JSON.stringify(sbomReport.findings) === JSON.stringify(sbomCli.findings), `${sbomReport.findings.length} vs ${sbomCli.findings.length}`);

  // A dropped snapshot replaces the bundled one for this tab.
  await page.setInputFiles('#file', snapshot);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('snapshot loaded') || document.getElementById('status').textContent.startsWith('error'));
  check('served: a dropped snapshot replaces the bundled one', (await page.textContent('#snapshot-status')).includes('airlock.snapshot'),
    await page.textContent('#snapshot-status'));

  clearInterval(sampler);
  const loaded = networkChecks('served', log, chosenAt, (u) => u.startsWith(origin + '/') || u.startsWith('blob:' + origin));
  console.log(`     requests before the first file: ${loaded.join(', ')}`);
  check('served: no page errors', errors.length === 0, errors.join('; '));
  await page.close();

  // ---- single-file airlock.html from file:// --------------------------------
  const fileUrl = pathToFileURL(resolve(pkgDir, 'airlock.html')).href;
  const local = await ctx.newPage();
  const localErrors = [];
  local.on('pageerror', (e) => localErrors.push(e.message));
  const localLog = recordRequests(local);
  await local.goto(fileUrl);
  await local.waitForFunction(() => ['ready', 'error'].includes(document.getElementById('status').textContent), null, { timeout: 60_000 });
  check('file://: airlock.html starts with its inlined snapshot', (await local.textContent('#status')) === 'ready', await local.textContent('#error'));
  const localChosen = performance.now();
  for (const image of IMAGES) await checkScan(local, 'file://', image);
  await local.screenshot({ path: join(outDir, 'file-alpine.png'), fullPage: true });
  networkChecks('file://', localLog, localChosen, (u) => u === fileUrl || u.startsWith('blob:null/') || u.startsWith('blob:file:///'));
  check('file://: no page errors', localErrors.length === 0, localErrors.join('; '));
  await local.close();

  // ---- benchmark ------------------------------------------------------------
  bench.nativeMs = nativeMs(IMAGES[0]);
  // The CLI loads the snapshot on every run; the page loaded it once at start.
  const info = spawnSync(airlock, ['db', 'info', '--db', snapshot], { encoding: 'utf8' }).stdout;
  bench.nativeLoadMs = Number((/loaded in (\d+) ms/.exec(info) || [])[1] || 0);
  const wasmPath = join(pkgDir, 'airlock_wasm_bg.wasm');
  bench.wasmRaw = statSync(wasmPath).size;
  bench.wasmGzip = gzipSync(readFileSync(wasmPath), { level: 9 }).length;
  const mb = (b) => (b / 1048576).toFixed(1) + ' MiB';
  const lines = [
    `bench: Debian fixture (${(statSync(join(fixtures, IMAGES[0])).size / 1048576).toFixed(1)} MiB): Chromium scan ${bench.browserMs.toFixed(0)} ms (in the worker), native CLI ${bench.nativeMs.toFixed(0)} ms (median of 3, process start to exit), ratio ${(bench.browserMs / bench.nativeMs).toFixed(2)}; without the CLI's snapshot load (${bench.nativeLoadMs} ms, done once at page start in the browser) ratio ${(bench.browserMs / Math.max(1, bench.nativeMs - bench.nativeLoadMs)).toFixed(2)}`,
    `bench: wasm ${bench.wasmRaw} bytes raw, ${bench.wasmGzip} bytes gzip -9`,
    `bench: JS heap peak during the Debian scan (CDP, sampled every 20 ms): worker ${mb(bench.workerHeapPeak)} used + ${mb(bench.workerBuffersPeak)} array-buffer backing store (wasm memory included), page ${mb(bench.pageHeapPeak)}; wasm linear memory after the scan ${mb(bench.lastScan.wasmMemory)}`,
  ];
  for (const l of lines) console.log(l);
  writeFileSync(join(outDir, 'bench.txt'), lines.join('\n') + '\n');
} catch (e) {
  check('browser suite ran to the end', false, e.stack || String(e));
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
