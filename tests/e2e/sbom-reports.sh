#!/usr/bin/env bash
# SBOM and report formats end to end through the CLI: every JSON document
# Airlock writes (CycloneDX 1.6 SBOM and VEX, SPDX 2.3, SARIF 2.1.0, OpenVEX)
# is validated against the official schema in ../shared/schemas; the VEX
# inputs used here validate against theirs; VEX flags and the ignore file
# change the exit code as they should.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${AIRLOCK_SHARED:-../shared}"
SCHEMAS="$SHARED/schemas"
IMAGES="$SHARED/fixtures/images"
PY=.venv/bin/python
[ -x "$PY" ] || { echo "missing $PY: run bash .ci/install.d/sbom-schemas.sh" >&2; exit 1; }

cargo build -q --release -p airlock-cli
AIRLOCK=target/release/airlock
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export AIRLOCK_DB="$OUT/airlock.snapshot"
"$AIRLOCK" db build --from "$SHARED/advisories" 2>/dev/null

pass=0
fail=0
check() { # name, command...
  local name=$1
  shift
  if "$@" >"$OUT/check.log" 2>&1; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name"
    cat "$OUT/check.log"
  fi
}

for image in alpine-3.16.9.oci.tar debian-bookworm-minbase.oci.tar distroless-static-go.docker.tar lang-apps.oci.tar; do
  stem="${image%.tar}"
  "$AIRLOCK" sbom "$IMAGES/$image" --format cyclonedx >"$OUT/$stem.cdx.json"
  "$AIRLOCK" sbom "$IMAGES/$image" --format spdx >"$OUT/$stem.spdx.json"
  "$AIRLOCK" cves "$IMAGES/$image" --format sarif >"$OUT/$stem.sarif"
  "$AIRLOCK" cves "$IMAGES/$image" --format cyclonedx-vex >"$OUT/$stem.vex.cdx.json"
  "$AIRLOCK" cves "$IMAGES/$image" --format openvex >"$OUT/$stem.openvex.json" 2>/dev/null
  "$AIRLOCK" cves "$IMAGES/$image" --format gitlab >"$OUT/$stem.gitlab.json"
  "$AIRLOCK" cves "$IMAGES/$image" --format markdown >"$OUT/$stem.md"
  check "$stem CycloneDX SBOM" "$PY" tools/validate_json_schemas.py "$SCHEMAS" cyclonedx-bom-1.6.schema.json "$OUT/$stem.cdx.json"
  check "$stem CycloneDX VEX" "$PY" tools/validate_json_schemas.py "$SCHEMAS" cyclonedx-bom-1.6.schema.json "$OUT/$stem.vex.cdx.json"
  check "$stem SPDX" "$PY" tools/validate_json_schemas.py "$SCHEMAS" spdx-2.3.schema.json "$OUT/$stem.spdx.json"
  check "$stem SARIF" "$PY" tools/validate_json_schemas.py "$SCHEMAS" sarif-2.1.0.schema.json "$OUT/$stem.sarif"
  if [ -s "$OUT/$stem.openvex.json" ]; then # empty when there are no findings
    check "$stem OpenVEX" "$PY" tools/validate_json_schemas.py "$SCHEMAS" openvex-0.2.0.schema.json "$OUT/$stem.openvex.json"
  fi
  check "$stem GitLab JSON parses" "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["scan"]["type"]=="container_scanning"' "$OUT/$stem.gitlab.json"
  # The exported SBOMs scan to the same findings as the image.
  "$AIRLOCK" cves "$IMAGES/$image" --format json | "$PY" -c 'import json,sys; print(sorted((f["id"],f["package"]["name"],f["package"]["version"]) for f in json.load(sys.stdin)["findings"]))' >"$OUT/$stem.image.ids"
  for sbom in "$OUT/$stem.cdx.json" "$OUT/$stem.spdx.json"; do
    "$AIRLOCK" cves "$sbom" --format json | "$PY" -c 'import json,sys; print(sorted((f["id"],f["package"]["name"],f["package"]["version"]) for f in json.load(sys.stdin)["findings"]))' >"$OUT/sbom.ids"
    check "$stem findings via $(basename "$sbom")" diff "$OUT/$stem.image.ids" "$OUT/sbom.ids"
  done
done

# The VEX inputs are real OpenVEX / CSAF 2.0 / CycloneDX documents.
check "OpenVEX input" "$PY" tools/validate_json_schemas.py "$SCHEMAS" openvex-0.2.0.schema.json tests/e2e/data/busybox.openvex.json
check "CSAF input" "$PY" tools/validate_json_schemas.py "$SCHEMAS" csaf-2.0.schema.json tests/e2e/data/busybox.csaf.json
check "CycloneDX VEX input" "$PY" tools/validate_json_schemas.py "$SCHEMAS" cyclonedx-bom-1.6.schema.json tests/e2e/data/busybox.cdx-vex.json

# Alpine has CVE-2023-42366 on busybox and ssl_client. Each VEX format
# suppresses the busybox one: only ssl_client's remains.
alpine="$IMAGES/alpine-3.16.9.oci.tar"
for vex in busybox.openvex.json busybox.csaf.json busybox.cdx-vex.json; do
  "$AIRLOCK" cves "$alpine" --only-cve-id CVE-2023-42366 --vex "tests/e2e/data/$vex" --format json >"$OUT/vex.json"
  check "--vex $vex suppresses busybox" "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert [f["package"]["name"] for f in r["findings"]] == ["ssl_client"], r["findings"]
assert [f["package"]["name"] for f in r["suppressed"]] == ["busybox"], r.get("suppressed")
assert r["suppressed"][0]["vex"]["status"] == "not_affected"
' "$OUT/vex.json"
  "$AIRLOCK" cves "$alpine" --vex "tests/e2e/data/$vex" --show-suppressed >"$OUT/vex.txt"
  check "--show-suppressed lists busybox ($vex)" grep -q "CVE-2023-42366 busybox 1.35.0-r17 — not_affected" "$OUT/vex.txt"
done
# An expired ignore entry no longer suppresses, and says so.
"$AIRLOCK" cves "$alpine" --ignore-file tests/e2e/data/expired.airlock-ignore.toml --format json >"$OUT/ignore.json"
check "expired ignore entry does not suppress" "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert sorted(f["package"]["name"] for f in r["findings"]) == ["busybox", "ssl_client"], r["findings"]
assert any("expired on 2020-01-31" in n for n in r["notes"]), r["notes"]
' "$OUT/ignore.json"
# --exit-code: findings remain → 2; all suppressed → 0.
set +e
"$AIRLOCK" cves "$alpine" --only-cve-id CVE-2023-42366 --only-package-type apk --exit-code >/dev/null; rc_open=$?
"$AIRLOCK" cves "$alpine" --only-cve-id CVE-2023-42366 --vex tests/e2e/data/busybox.openvex.json --exit-code --only-metric AV:N >/dev/null; rc_metric=$?
set -e
check "exit code 2 with open findings" test "$rc_open" = 2
check "--only-metric AV:N drops the local-vector finding (exit 0)" test "$rc_metric" = 0
# An SBOM is accepted wherever an image is; syft's SBOM gives the image's findings.
"$AIRLOCK" cves "$IMAGES/sbom/debian-bookworm-minbase.oci.syft.json" --format json | "$PY" -c 'import json,sys; print(sorted((f["id"],f["package"]["name"],f["package"]["version"]) for f in json.load(sys.stdin)["findings"]))' >"$OUT/syft.ids"
check "syft SBOM gives the image's findings" diff "$OUT/debian-bookworm-minbase.oci.image.ids" "$OUT/syft.ids"
"$AIRLOCK" quickview "$IMAGES/sbom/alpine-3.16.9.oci.cdx.json" >"$OUT/qv.txt"
check "quickview of a CycloneDX SBOM" grep -q "14 packages indexed" "$OUT/qv.txt"

echo "sbom-reports: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
