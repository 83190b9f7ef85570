#!/usr/bin/env bash
# render.sh REPORT.html OUT.png [WIDTH [HEIGHT]]
# Renders an HTML report (or an SVG) with headless Chromium to a PNG screenshot of the given
# window size (default 1280 × 4000: tall enough for a few figures; pass a larger height for a
# longer page, the screenshot is cut at the window).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/chromium.sh"
if [ $# -lt 2 ]; then echo "usage: $0 REPORT.html OUT.png [WIDTH [HEIGHT]]" >&2; exit 2; fi
input="$1"; out="$2"; width="${3:-1280}"; height="${4:-4000}"
browser="$(find_chromium)"
url="$(file_url "$input")"
mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
"$browser" "${CHROMIUM_FLAGS[@]}" --window-size="$width,$height" --screenshot="$out_abs" "$url" \
    >/dev/null 2>"${out_abs}.log" || { cat "${out_abs}.log" >&2; exit 1; }
rm -f "${out_abs}.log"
[ -s "$out_abs" ] || { echo "error: chromium wrote no screenshot to $out_abs" >&2; exit 1; }
echo "$out_abs"
