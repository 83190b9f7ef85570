#!/usr/bin/env bash
# The test suite, optimised (training in a debug build is far too slow), with the libraries and the
# headless Chromium the report test renders with.
set -euo pipefail
cd "$(dirname "$0")/.."
RECITE_WITH_CHROMIUM=1 scripts/install-deps.sh
swift build -c release -Xswiftc -enable-testing --product recite
exec swift test -c release -Xswiftc -enable-testing "$@"
