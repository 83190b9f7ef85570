#!/usr/bin/env bash
# Soak: kill -9 a sweep at 20 random moments (its workers die with it), then resume; the resumed
# runs.csv must be byte-identical to an uninterrupted sweep's, no worker may outlive its sweep,
# and nothing half-written may be left. Bounded: about a minute on 2 cores.
#
#   scripts/faults/soak.sh [path/to/recite] [kills]
set -euo pipefail
cd "$(dirname "$0")/../.."
RECITE=${1:-$PWD/.build/release/recite}
KILLS=${2:-20}
FILE=experiments/tests/soak.yaml
say() { echo "soak: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
T=$(mktemp -d /tmp/recite-soak.XXXXXX)
trap 'rm -rf "$T"' EXIT
# Processes running `recite sweep|worker ... --out DIR` (read with bash built-ins, so no helper
# process's own command line can match).
alive() {
    local n=0 f i args
    for f in /proc/[0-9]*/cmdline; do
        mapfile -d "" args 2>/dev/null < "$f" || continue
        [ "${args[1]:-}" = sweep ] || [ "${args[1]:-}" = worker ] || continue
        for ((i = 2; i + 1 < ${#args[@]}; i++)); do
            if [ "${args[i]}" = --out ] && [ "${args[i+1]}" = "$1" ]; then n=$((n + 1)); break; fi
        done
    done
    echo $n
}

"$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/reference" >/dev/null 2>"$T/reference.log" || fail "reference sweep failed"
start=$(date +%s); progress=""
for i in $(seq "$KILLS"); do
    "$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/soak" >/dev/null 2>>"$T/soak.log" &
    pid=$!
    # A random moment in the first ~1.5 s: before any worker, mid-run, during a save or a merge.
    sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
    [ $((RANDOM % 2)) = 0 ] && sleep 0.8
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for _ in $(seq 100); do [ "$(alive "$T/soak")" = 0 ] && break; sleep 0.03; done
    [ "$(alive "$T/soak")" = 0 ] || fail "kill $i: workers outlived their sweep"
    progress+=" $(ls "$T/soak/runs" 2>/dev/null | grep -c "\.csv$" || true)"
done
finished=$(ls "$T/soak/runs" 2>/dev/null | grep -c '\.csv$' || true)
"$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/soak" >/dev/null 2>>"$T/soak.log" || fail "the resumed sweep failed"
cmp "$T/reference/runs.csv" "$T/soak/runs.csv" || fail "resumed runs.csv differs from the uninterrupted sweep's"
stray=$(find "$T/soak" -name '*.tmp' -o -name '*.claim' | wc -l)
[ "$stray" = 0 ] || fail "stray temp or claim files: $(find "$T/soak" -name '*.tmp' -o -name '*.claim')"
say "runs finished after each kill:$progress"
say "PASS: $KILLS kill -9 ($finished of 12 runs finished before the last resume) then resume = uninterrupted, byte-identical ($(( $(date +%s) - start )) s)"
