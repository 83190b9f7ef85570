#!/usr/bin/env bash
# dom.sh REPORT.html
# Prints the DOM that headless Chromium builds from the page (after parsing), so tests can
# check that what a browser sees has every section, SVG and table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/chromium.sh"
if [ $# -ne 1 ]; then echo "usage: $0 REPORT.html" >&2; exit 2; fi
browser="$(find_chromium)"
url="$(file_url "$1")"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$browser" "${CHROMIUM_FLAGS[@]}" --dump-dom "$url" 2>"$log" || { cat "$log" >&2; exit 1; }
