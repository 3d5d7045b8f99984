#!/usr/bin/env bash
# The playground test drives Debian's Chromium (never a downloaded browser). Before `npm test`:
# nothing to do when it is there; installed with apt-get when it is missing, CHROMIUM_PATH is not
# set and this runs as root; otherwise a note (the test is then skipped, except under CI=true,
# where it fails).
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the playground test (apt-get install chromium)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium at $browser: the playground test will be skipped (install with 'sudo apt-get install chromium', or set CHROMIUM_PATH)." >&2
