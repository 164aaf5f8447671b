#!/usr/bin/env bash
# Unpacks promtool from Debian's `prometheus` package into .tools/ (git-ignored) without
# installing the Prometheus service: `apt-get download` + `dpkg -x`. The monitoring tests
# (test/infra/monitoring-*.test.ts) find it there or on PATH.
# Usage: bash scripts/install-promtool.sh   (idempotent; exits 0 when promtool is present)
set -euo pipefail
cd "$(dirname "$0")/.."

dest=.tools/prometheus
bin="$dest/usr/bin/promtool"

if command -v promtool >/dev/null 2>&1; then
  echo "promtool on PATH: $(command -v promtool)"
  exit 0
fi
if [ -x "$bin" ]; then
  echo "promtool present: $bin"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# apt-get download needs current package lists; update once if the package is unknown.
if ! (cd "$work" && apt-get download prometheus >/dev/null 2>&1); then
  apt-get update -qq
  (cd "$work" && apt-get download prometheus)
fi
mkdir -p "$dest"
dpkg -x "$work"/prometheus_*.deb "$work/x"
install -D -m 0755 "$work/x/usr/bin/promtool" "$bin"
"$bin" --version 2>&1 | head -n 1
