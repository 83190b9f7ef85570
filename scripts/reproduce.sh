#!/usr/bin/env bash
# The main job: build recite (release) and reproduce every figure at the quick scale.
# Writes results/<experiment>/ and results/report.html. Extra arguments go to `recite reproduce`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product recite
exec .build/release/recite reproduce "$@"
