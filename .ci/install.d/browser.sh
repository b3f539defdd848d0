#!/usr/bin/env bash
# Browser viewer (issue 4): wasm-bindgen CLI at the exact version of the
# wasm-bindgen crate in Cargo.lock, Debian's Chromium (driven by npm's
# playwright-core; no browser download), and the npm tools (npm ci in tools/).
# Idempotent: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/../.."

rustup target add wasm32-unknown-unknown 2>&1 | grep -v 'is up to date' || true

want=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;q}' Cargo.lock)
if [ -z "$want" ]; then
  echo "browser.sh: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ]; then
  # Not --locked: the registry lacks a version its lockfile pins (see ../shared/research/toolchain.md, F1).
  cargo install wasm-bindgen-cli --version "$want" --force
fi

missing=()
for p in chromium chromium-driver; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# playwright-core and binaryen at the versions in tools/package-lock.json.
if ! (cd tools && npm ls --depth=0 >/dev/null 2>&1); then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi
