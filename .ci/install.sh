#!/usr/bin/env bash
# Idempotent installs for CI and for a fresh checkout. Safe to run every time.
set -euo pipefail
cd "$(dirname "$0")/.."

# The toolchain and wasm targets pinned in rust-toolchain.toml.
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
rustup target add wasm32-unknown-unknown wasm32-wasip1 wasm32-wasip2 2>&1 | grep -v 'is up to date' || true
rustup component add rustfmt clippy 2>&1 | grep -v 'is up to date' || true

# dpkg is the oracle of the dpkg version differential test.
need=()
command -v dpkg >/dev/null 2>&1 || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi

# Per-area installs (oracles, hosts, browsers): one idempotent script each.
for script in .ci/install.d/*.sh; do
  [ -e "$script" ] || continue
  bash "$script"
done

# The shared data (advisories, fixtures) must sit beside the checkout.
if [ ! -d "${AIRLOCK_SHARED:-../shared}/advisories" ]; then
  echo "shared data not found at ${AIRLOCK_SHARED:-../shared}; set AIRLOCK_SHARED" >&2
  exit 1
fi
