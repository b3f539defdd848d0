#!/usr/bin/env bash
# Oracles of the airlock-version differential tests (idempotent):
# - rpm: Debian's python3-rpm (`rpm.labelCompare`, rpm 4.18),
# - PEP 440: Debian's python3-packaging (`packaging.version.Version`),
# - Maven: Debian's maven (ships maven-artifact's ComparableVersion) + a JDK,
# - SemVer: npm's `semver` package under node (tools/package.json),
# - RubyGems: Debian's ruby (`Gem::Version`),
# - Composer: Debian's php-cli + php-composer-semver (VersionParser, Comparator),
# - Go: Debian's golang-go + golang-golang-x-mod-dev (x/mod/semver).
# The tests run them with /usr/bin/python3 (Debian's), not a pyenv python.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
/usr/bin/python3 -c 'import rpm' >/dev/null 2>&1 || need+=(python3-rpm)
/usr/bin/python3 -c 'import packaging.version' >/dev/null 2>&1 || need+=(python3-packaging)
ls /usr/share/java/maven-artifact*.jar >/dev/null 2>&1 || need+=(maven)
command -v java >/dev/null 2>&1 || need+=(default-jdk-headless)
command -v ruby >/dev/null 2>&1 || need+=(ruby)
command -v php >/dev/null 2>&1 || need+=(php-cli)
[ -f /usr/share/php/Composer/Semver/autoload.php ] || need+=(php-composer-semver)
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/semver ] || need+=(golang-golang-x-mod-dev)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# npm's semver (and the other tools) at the versions in tools/package-lock.json.
if ! (cd tools && npm ls --depth=0 >/dev/null 2>&1); then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi
