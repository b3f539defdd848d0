#!/usr/bin/env bash
# Builds the browser viewer into pkg/ (the README's documented command):
#   1. the wasm crate for wasm32-unknown-unknown (release),
#   2. wasm-bindgen (CLI version = the crate's, from Cargo.lock) → pkg/airlock_wasm{.js,_bg.wasm},
#   3. wasm-opt -Oz with npm binaryen from tools/ when installed (AIRLOCK_WASM_OPT=0 skips it),
#   4. the page (www/*) copied beside it, so pkg/ is the servable site (`airlock serve`),
#   5. a bundled advisory snapshot pkg/airlock.snapshot.gz: $AIRLOCK_SNAPSHOT if set, else built
#      from ${AIRLOCK_SHARED:-../shared}/advisories with `airlock db build`; AIRLOCK_NO_SNAPSHOT=1 skips it,
#   6. the single self-contained pkg/airlock.html (works from file://).
set -euo pipefail
cd "$(dirname "$0")/.."
out=pkg
mkdir -p "$out"

want=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;q}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null || true)
if [ "$have" != "wasm-bindgen $want" ]; then
  echo "www/build.sh: need wasm-bindgen $want (found: ${have:-none}); run bash .ci/install.d/browser.sh" >&2
  exit 1
fi

echo "== wasm: cargo build -p airlock-wasm --target wasm32-unknown-unknown --release"
cargo build --release -p airlock-wasm --target wasm32-unknown-unknown
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" target/wasm32-unknown-unknown/release/airlock_wasm.wasm

if [ "${AIRLOCK_WASM_OPT:-1}" = 1 ] && [ -f tools/node_modules/binaryen/bin/wasm-opt ]; then
  echo "== wasm-opt -Oz (npm binaryen)"
  node tools/node_modules/binaryen/bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/airlock_wasm_bg.wasm" -o "$out/airlock_wasm_bg.wasm"
fi

cp www/index.html www/app.js www/worker.js www/style.css "$out/"

rm -f "$out/airlock.snapshot.gz"
if [ "${AIRLOCK_NO_SNAPSHOT:-0}" != 1 ]; then
  snapshot=${AIRLOCK_SNAPSHOT:-}
  if [ -z "$snapshot" ]; then
    advisories="${AIRLOCK_SHARED:-../shared}/advisories"
    if [ -d "$advisories" ]; then
      snapshot=target/web/airlock.snapshot
      cargo build --release -p airlock-cli
      # Rebuilt when the CLI changed (the snapshot format may have).
      if [ ! -s "$snapshot" ] || [ target/release/airlock -nt "$snapshot" ]; then
        echo "== snapshot: airlock db build --from $advisories"
        mkdir -p target/web
        target/release/airlock db build --from "$advisories" --out "$snapshot"
      fi
    fi
  fi
  if [ -n "$snapshot" ]; then
    gzip -9 -n -c "$snapshot" > "$out/airlock.snapshot.gz"
  else
    echo "www/build.sh: no advisory data found; the page will ask for a snapshot file" >&2
  fi
fi

node www/inline.mjs "$out"
wasm_bytes=$(stat -c %s "$out/airlock_wasm_bg.wasm")
wasm_gz=$(gzip -9 -c "$out/airlock_wasm_bg.wasm" | wc -c)
echo "wasm: $wasm_bytes bytes raw, $wasm_gz bytes gzip -9"
