#!/usr/bin/env bash
# Idempotent machine setup, run by every npm script that runs code (start, dev, test, demo, eval, bench, …) and CI:
# Debian's redis-server for Motia's embedded Redis, and npm dependencies when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "setup: installing redis-server (Debian package)" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >&2
fi

# redis-memory-server would download Redis at install time, which fails offline: point it at Debian's binary.
export REDISMS_DISABLE_POSTINSTALL=1
export REDISMS_SYSTEM_BINARY="$(command -v redis-server)"

# `npm ci` installs exactly package-lock.json and never rewrites it, so a fresh clone stays clean. The lock carries
# package.json's dependencies, so it alone says when to install again (a script edit does not).
stamp=node_modules/.install-stamp
fingerprint() { sha256sum package-lock.json | cut -d' ' -f1; }
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(fingerprint)" ]; then
  echo "setup: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
  fingerprint > "$stamp"
fi
