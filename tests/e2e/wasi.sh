#!/usr/bin/env bash
# The WASI builds in real hosts, compared with the native CLI on the shared
# Debian, Alpine and distroless fixtures:
#  1. the wasip1 command (`airlock.wasm`) under the wasmtime CLI, exactly as
#     the README shows it: same JSON and exit codes as the native binary;
#  2. tests/wasi-host (Rust, wasmtime 48.0.8 + wasmtime-wasi): the wasip1
#     command and the wasip2 component (`airlock_wasi.wasm`, wit/airlock.wit)
#     against the native CLI, and bad input → the right scan-error variant;
#  3. the example host (tests/wasi-host/src/main.rs) on the Alpine fixture.
# Hosts come from .ci/install.d/wasi.sh. Prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TERM_COLOR=never

SHARED="$(cd "${AIRLOCK_SHARED:-../shared}" && pwd)"
IMAGES="$SHARED/fixtures/images"
WASMTIME="$(.venv/bin/python -c 'import os, wasmtime_cli; print(os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime"))')"
OUT="$(pwd)/target/e2e-wasi"
mkdir -p "$OUT"

echo "-- build: native CLI, wasip1 command, wasip2 component"
cargo build -q --release -p airlock-cli
cargo build -q --release -p airlock-cli --target wasm32-wasip1
cargo build -q --release -p airlock-wasi --target wasm32-wasip2
NATIVE="$(pwd)/target/release/airlock"
COMMAND="$(pwd)/target/wasm32-wasip1/release/airlock.wasm"
COMPONENT="$(pwd)/target/wasm32-wasip2/release/airlock_wasi.wasm"
echo "   component $(stat -c %s "$COMPONENT") bytes, command $(stat -c %s "$COMMAND") bytes"

echo "-- snapshot from $SHARED/advisories"
"$NATIVE" db build --from "$SHARED/advisories" --out "$OUT/airlock.snapshot" 2>/dev/null
DB="$OUT/airlock.snapshot"

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# The guest sees the fixtures and the snapshot under their host paths, so both
# runs get the same command line (and the report's `source` is the same).
wasm_run() { "$WASMTIME" run --dir "$IMAGES" --dir "$OUT" "$COMMAND" "$@"; }

echo "-- wasmtime CLI ($("$WASMTIME" --version)) runs the wasip1 command"
for fixture in debian-bookworm-minbase.oci.tar alpine-3.16.9.oci.tar distroless-static-go.docker.tar; do
  args=(quickview "$IMAGES/$fixture" --db "$DB" --format json)
  "$NATIVE" "${args[@]}" >"$OUT/native.json"
  if wasm_run "${args[@]}" >"$OUT/wasi.json" && cmp -s "$OUT/native.json" "$OUT/wasi.json" \
     && grep -q '"schema": "airlock.report/v1"' "$OUT/wasi.json"; then
    pass "wasmtime: quickview --format json $fixture identical to native"
  else
    fail "wasmtime: quickview --format json $fixture"; diff "$OUT/native.json" "$OUT/wasi.json" | head -20 || true
  fi
done
code() { set +e; "$@" >/dev/null 2>&1; echo $?; set -e; }
n=$(code "$NATIVE" cves "$IMAGES/debian-bookworm-minbase.oci.tar" --db "$DB" --only-severity critical --exit-code)
w=$(code wasm_run cves "$IMAGES/debian-bookworm-minbase.oci.tar" --db "$DB" --only-severity critical --exit-code)
[ "$n" = 2 ] && [ "$w" = 2 ] && pass "wasmtime: cves --exit-code exits 2 like native" || fail "wasmtime: cves --exit-code: native $n, wasi $w"
n=$(code "$NATIVE" quickview "$IMAGES/missing.tar" --db "$DB")
w=$(code wasm_run quickview "$IMAGES/missing.tar" --db "$DB")
[ "$n" = 1 ] && [ "$w" = 1 ] && pass "wasmtime: a missing image exits 1 like native" || fail "wasmtime: missing image: native $n, wasi $w"

echo "-- tests/wasi-host (wasmtime 48.0.8 crate): wasip1 command and wasip2 component"
if AIRLOCK_SHARED="$SHARED" AIRLOCK_SNAPSHOT="$DB" AIRLOCK_NATIVE="$NATIVE" \
   AIRLOCK_WASI_COMMAND="$COMMAND" AIRLOCK_WASI_COMPONENT="$COMPONENT" \
   cargo test --manifest-path tests/wasi-host/Cargo.toml --target-dir target/wasi-host; then
  pass "tests/wasi-host"
else
  fail "tests/wasi-host"
fi

echo "-- example host"
cargo build -q --manifest-path tests/wasi-host/Cargo.toml --target-dir target/wasi-host
if target/wasi-host/debug/airlock-wasi-host "$COMPONENT" "$DB" "$IMAGES/alpine-3.16.9.oci.tar" >"$OUT/example.txt" \
   && grep -q '^CVE-2023-42366 .* busybox 1.35.0-r17' "$OUT/example.txt" && grep -q '14 packages  0C 0H 2M 0L 0?' "$OUT/example.txt"; then
  pass "example host scans Alpine through the component"
else
  fail "example host"; cat "$OUT/example.txt" || true
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
