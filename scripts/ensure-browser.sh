#!/usr/bin/env bash
# The playground test drives Debian's Chromium (never a downloaded browser). Before `npm test`:
# nothing to do when it is there; installed with apt-get when missing and this runs as root;
# otherwise a clear message saying how to get it.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the playground test (apt-get install chromium)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The playground test needs Chromium at $browser: run 'sudo apt-get install chromium', or set CHROMIUM_PATH." >&2
exit 1
