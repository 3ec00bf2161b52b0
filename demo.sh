#!/bin/sh
# The demo: installs what is missing, builds, and opens the kiosk on the in-process virtual card
# with the demo panel, as the user who typed the command (also through sudo). Exits 2 with no
# display.
set -eu
cd "$(dirname "$0")"
./.ci/install-deps demo
./.ci/build build
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
  exec runuser -u "$SUDO_USER" -- build/kiosk --demo "$@"
fi
exec build/kiosk --demo "$@"
