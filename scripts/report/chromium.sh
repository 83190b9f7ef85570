#!/usr/bin/env bash
# chromium.sh: shared helpers for render.sh and dom.sh; sourced, not run.
# Finds a headless Chromium and turns a path into a file:// URL.

find_chromium() {
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    done
    echo "error: chromium is not installed; install it with: apt-get update && apt-get install -y chromium" >&2
    return 1
}

file_url() {
    local path="$1"
    if [ ! -f "$path" ]; then echo "error: $path: no such file" >&2; return 1; fi
    echo "file://$(cd "$(dirname "$path")" && pwd)/$(basename "$path")"
}

# Flags for a container: no sandbox (we run as root), no GPU, no first-run chatter.
CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
                --no-first-run --no-default-browser-check --disable-extensions --mute-audio)
