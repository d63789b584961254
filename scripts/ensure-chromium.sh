#!/usr/bin/env bash
# Idempotent: installs Debian's chromium (used headless by `npm run screenshot`) when it is missing.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-chromium: installing chromium (Debian package)" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
