#!/usr/bin/env bash
# Python's jsonschema (with referencing) in .venv/: validates every JSON
# document Airlock writes against the official schemas in ../shared/schemas
# (tests/e2e/sbom-reports.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
if .venv/bin/python -c 'import jsonschema, referencing' >/dev/null 2>&1; then
  exit 0
fi
if ! python3 -m venv .venv >/dev/null 2>&1; then
  # Debian's python3 needs python3-venv for ensurepip.
  rm -rf .venv
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check 'jsonschema==4.26.0'
