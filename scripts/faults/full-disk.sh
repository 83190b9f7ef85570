#!/usr/bin/env bash
# A full disk: a sweep into a 40 KiB tmpfs must fail cleanly (non-zero exit, "the disk is full",
# no raw system error text, no half-written result), and after moving its directory to a disk with
# room, the resumed sweep must equal an uninterrupted one byte for byte. Needs root (mount).
#
#   scripts/faults/full-disk.sh [path/to/recite]
set -euo pipefail
cd "$(dirname "$0")/../.."
RECITE=${1:-$PWD/.build/release/recite}
FILE=experiments/tests/grid.yaml
say() { echo "full-disk: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
if [ "$(id -u)" != 0 ]; then say "SKIP: needs root to mount a small tmpfs"; exit 0; fi
T=$(mktemp -d /tmp/recite-full.XXXXXX)
mkdir -p "$T/small"
cleanup() { umount "$T/small" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
mount -t tmpfs -o size=${SIZE:-40k} tmpfs "$T/small" || { say "SKIP: cannot mount a tmpfs here"; exit 0; }

"$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/reference" >/dev/null 2>"$T/reference.log" || fail "reference sweep failed"
set +e
"$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/small/out" >/dev/null 2>"$T/full.log"
rc=$?
set -e
[ $rc -ne 0 ] || fail "a sweep into a full disk exited 0"
grep -q "disk is full" "$T/full.log" || fail "no 'disk is full' message: $(cat "$T/full.log")"
if grep -qE "NSCocoaErrorDomain|couldn.t be|Fatal error|Error Domain" "$T/full.log"; then fail "raw error text: $(cat "$T/full.log")"; fi
# Every rows file present must be whole (a finished run), whatever the disk refused.
for f in "$T/small/out/runs/"*.csv; do
    [ -f "$f" ] || continue
    head -1 "$f" | grep -q '^run,' || fail "half-written $f"
done
[ -n "${SHOW:-}" ] && cat "$T/full.log" >&2
cp -a "$T/small/out" "$T/moved"
"$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/moved" >/dev/null 2>"$T/resume.log" || fail "the resumed sweep failed: $(cat "$T/resume.log")"
cmp "$T/reference/runs.csv" "$T/moved/runs.csv" || fail "resumed runs.csv differs from the uninterrupted sweep's"
say "PASS: full disk → exit $rc with '$(grep -m1 "disk is full" "$T/full.log" | cut -c1-120)'; resume elsewhere = uninterrupted"
