#!/usr/bin/env bash
# Soak: kill -9 a sweep at 20 random moments (its workers die with it), then resume; the resumed
# runs.csv must be byte-identical to an uninterrupted sweep's, no worker may outlive its sweep,
# and nothing half-written may be left; at least a quarter of the kills must land before the grid is done.
# Bounded: about a minute on 2 cores.
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
start=$(date +%s); progress=""; midway=0
for i in $(seq "$KILLS"); do
    "$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/soak" >/dev/null 2>>"$T/soak.log" &
    pid=$!
    # A random moment before any worker, mid-run, during a save or a merge. The window widens with
    # each kill (0.5 s, then 0.15 s more each time), so on a fast or a loaded machine alike early
    # kills cut runs short and later ones let some finish, and the grid fills up over the soak.
    window=$((500 + 150 * i))
    ms=$((RANDOM * window / 32768))
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for _ in $(seq 100); do [ "$(alive "$T/soak")" = 0 ] && break; sleep 0.03; done
    [ "$(alive "$T/soak")" = 0 ] || fail "kill $i: workers outlived their sweep"
    done_now=$(ls "$T/soak/runs" 2>/dev/null | grep -c "\.csv$" || true)
    progress+=" $done_now"
    [ "$done_now" -lt 12 ] && midway=$((midway + 1))
done
finished=$(ls "$T/soak/runs" 2>/dev/null | grep -c '\.csv$' || true)
"$RECITE" sweep "$FILE" --workers 2 --threads 1 --out "$T/soak" >/dev/null 2>>"$T/soak.log" || fail "the resumed sweep failed"
cmp "$T/reference/runs.csv" "$T/soak/runs.csv" || fail "resumed runs.csv differs from the uninterrupted sweep's"
stray=$(find "$T/soak" -name '*.tmp' -o -name '*.claim' | wc -l)
[ "$stray" = 0 ] || fail "stray temp or claim files: $(find "$T/soak" -name '*.tmp' -o -name '*.claim')"
say "runs finished after each kill:$progress"
# A soak whose kills all land after the grid is done tests nothing: a quarter must land mid-sweep.
[ "$midway" -ge $((KILLS / 4)) ] || fail "only $midway of $KILLS kills landed before the grid was done (make the runs longer)"
say "PASS: $KILLS kill -9 ($finished of 12 runs finished before the last resume) then resume = uninterrupted, byte-identical ($(( $(date +%s) - start )) s)"
