// Writes the single self-contained airlock.html (works from file://) from a
// built site folder: style, page script, worker (wasm-bindgen glue + worker.js),
// the wasm module and the optional gzip snapshot are inlined. The CSP allows
// exactly the two inline blocks by hash, wasm compilation, and a blob: worker.
// Usage: node www/inline.mjs pkg
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] || 'pkg';
const read = (name) => readFileSync(join(dir, name), 'utf8');
const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const safe = (name, text) => {
  if (/<\/script/i.test(text)) throw new Error(`${name} contains "</script" and cannot be inlined`);
  return text;
};

let html = read('index.html');
const css = read('style.css');
const app = safe('app.js', read('app.js'));
const worker = safe('worker', read('airlock_wasm.js') + '\n' + read('worker.js'));
const wasm = readFileSync(join(dir, 'airlock_wasm_bg.wasm')).toString('base64');
const snapPath = join(dir, 'airlock.snapshot.gz');
const snapshot = existsSync(snapPath) ? readFileSync(snapPath).toString('base64') : null;

const csp = [
  "default-src 'self'",
  `script-src ${hash(app)} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  `style-src ${hash(css)}`,
  "img-src 'self' data: blob:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const replaceOnce = (from, to) => {
  if (!html.includes(from)) throw new Error(`index.html no longer contains ${from}`);
  html = html.replace(from, () => to);
};
html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
replaceOnce('<link rel="stylesheet" href="style.css">', `<style>${css}</style>`);
replaceOnce('<script src="app.js" defer></script>\n', '');
const data = [
  `<script type="text/plain" id="airlock-worker">${worker}</script>`,
  `<script type="application/octet-stream" id="airlock-wasm">${wasm}</script>`,
  snapshot ? `<script type="application/octet-stream" id="airlock-snapshot">${snapshot}</script>` : '',
  `<script>${app}</script>`,
].join('\n');
replaceOnce('</body>', `${data}\n</body>`);
writeFileSync(join(dir, 'airlock.html'), html);
console.log(`wrote ${join(dir, 'airlock.html')} (${(Buffer.byteLength(html) / 1048576).toFixed(1)} MiB${snapshot ? ', snapshot bundled' : ', no snapshot'})`);
