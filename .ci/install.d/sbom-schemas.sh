#!/usr/bin/env bash
# Python's jsonschema (with referencing) in .venv/: validates every JSON
# document Airlock writes against the official schemas in ../shared/schemas
# (tests/e2e/sbom-reports.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
if .venv/bin/python -c 'import jsonschema, referencing' >/dev/null 2>&1; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check 'jsonschema==4.26.0'
