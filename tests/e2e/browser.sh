#!/usr/bin/env bash
# The browser viewer in real Chromium (Debian's chromium + npm playwright-core;
# installed by .ci/install.d/browser.sh). Builds pkg/ with www/build.sh (wasm,
# bundled snapshot from ../shared/advisories, single-file airlock.html), writes
# the native CLI's JSON for the fixtures with the same snapshot, serves pkg/
# with `airlock serve` on 127.0.0.1, and runs tests/e2e/browser.mjs: counts vs
# the CLI, network log, file:// page, wrong-file error, screenshots (out/browser/*.png)
# and the benchmark (out/browser/bench.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${AIRLOCK_SHARED:-../shared}
fixtures="$shared/fixtures/images"
out=out/browser
mkdir -p "$out"

bash www/build.sh
cli=target/release/airlock
snapshot=target/web/airlock.snapshot
for image in debian-bookworm-minbase.oci.tar alpine-3.16.9.oci.tar; do
  "$cli" cves "$fixtures/$image" --db "$snapshot" --format json > "$out/$image.cli.json"
done

"$cli" serve --dir pkg --port 0 > "$out/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
url=
for _ in $(seq 50); do
  url=$(sed -n 's/^serving .* on \(http:[^ ]*\) .*/\1/p' "$out/serve.log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "airlock serve did not start" >&2; cat "$out/serve.log" >&2; exit 1; }

NODE_NO_WARNINGS=1 node tests/e2e/browser.mjs "$url" pkg "$fixtures" "$out" "$cli" "$snapshot"
