#!/usr/bin/env bash
# The whole test suite: the Rust tests of every crate, then each end-to-end
# suite in tests/e2e/ (browser, WASI hosts, …), in name order. Each e2e script
# builds what it needs (wasm bundles) and fails loudly; none is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test --workspace"
cargo test --workspace

for suite in tests/e2e/*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
