// Oracle for the SemVer differential test: reads "A<TAB>B" lines and prints
// "<", "=" or ">" per line as npm's `semver` package orders them
// (semver.compare, strict mode), or "!" followed by L and/or R for a side it
// rejects. Needs tools/node_modules (npm ci in tools/).
'use strict';
const path = require('path');
const semver = require(path.join(__dirname, '../../../../tools/node_modules/semver'));

const input = require('fs').readFileSync(0, 'utf8');
const out = [];
for (const line of input.split('\n')) {
  if (!line) continue;
  const [a, b] = line.split('\t');
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va === null || vb === null) {
    out.push('!' + (va === null ? 'L' : '') + (vb === null ? 'R' : ''));
  } else {
    const c = semver.compare(a, b);
    out.push(c < 0 ? '<' : c > 0 ? '>' : '=');
  }
}
process.stdout.write(out.join('\n') + '\n');
