#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, and a recite sweep through it as a job array.
#
# Installs slurm-wlm and munge when missing (Debian, as root), starts munged, slurmctld and slurmd
# on localhost with their own configuration, keys, sockets, ports and state in a temp directory,
# submits experiments/tests/grid.yaml as a 3-task array of `recite sweep --shard i/n`
# (scripts/slurm/sweep.sbatch), waits, merges the shards, and checks that the merged runs.csv is
# byte-identical to an unsharded sweep. Every daemon it started is stopped on exit, whatever happens.
#
#   scripts/slurm/test-array.sh [path/to/recite]      (default: .build/release/recite)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RECITE=${1:-$ROOT/.build/release/recite}
EXPERIMENT=${EXPERIMENT:-experiments/tests/grid.yaml}
TASKS=${TASKS:-3}
say() { echo "test-array: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
[ -x "$RECITE" ] || fail "no recite executable at $RECITE (build it: swift build -c release)"

# MARK: - Slurm and munge, installed when missing
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    [ "$(id -u)" = 0 ] || fail "Slurm is not installed and installing it needs root (apt-get install slurm-wlm munge)"
    say "installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
[ "$(id -u)" = 0 ] || fail "run as root: slurmd starts jobs as their user and needs root for that"

# MARK: - A private cluster: config, key, sockets, state
T=$(mktemp -d /tmp/recite-slurm.XXXXXX)
chmod 700 "$T"
PIDS=()
cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ $rc -ne 0 ]; then
        for f in "$T"/*.log "$T"/out/slurm-*.out; do [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }; done >&2
    fi
    rm -rf "$T"
    exit $rc
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}
NODE=$(hostname -s)
CPUS=$(nproc)
CTLD_PORT=$(free_port); SLURMD_PORT=$(free_port)
mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/out"
chmod 700 "$T/munge"
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge/munge.key"
SOCKET=$T/munge/munge.socket
cat > "$T/slurm.conf" <<CONF
ClusterName=recitetest
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=recite Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$T/slurm.conf

say "starting munged, slurmctld, slurmd in $T (ports $CTLD_PORT, $SLURMD_PORT)"
munged --foreground --force --socket="$SOCKET" --key-file="$T/munge/munge.key" --pid-file="$T/munged.pid" \
    --log-file="$T/munged.log" --seed-file="$T/munge/munged.seed" 2>>"$T/munged.log" &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$SOCKET" ] && break; sleep 0.1; done
[ -S "$SOCKET" ] || fail "munged did not start"
slurmctld -D -f "$SLURM_CONF" >"$T/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -N "$NODE" -f "$SLURM_CONF" >"$T/slurmd.out" 2>&1 &
PIDS+=($!)
ready=""
for _ in $(seq 150); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then ready=1; break; fi
    sleep 0.2
done
[ -n "$ready" ] || { sinfo -N -l >&2 || true; fail "the node did not become idle"; }
say "cluster up: $(sinfo -h -N -o '%N %T %c CPUs')"

# MARK: - The sweep, as a job array and unsharded
OUT=$T/out/shard
say "submitting $EXPERIMENT as an array of $TASKS shards"
JOB=$(cd "$ROOT" && EXPERIMENT="$EXPERIMENT" OUT="$OUT" RECITE="$RECITE" WORKERS=1 THREADS=1 \
    sbatch --parsable --wait --array=0-$((TASKS - 1)) --cpus-per-task=1 --time=10 \
        --output="$T/out/slurm-%A_%a.out" scripts/slurm/sweep.sbatch) || fail "the array job failed (sbatch --wait)"
say "job $JOB finished"
for i in $(seq 0 $((TASKS - 1))); do
    [ -f "$OUT-$i/manifest.json" ] || fail "shard $i wrote no manifest"
    tr -d '\\' < "$OUT-$i/manifest.json" | grep -q "\"shard\" : \"$i/$TASKS\"" || fail "shard $i did not run as shard $i/$TASKS"
done
"$RECITE" merge "$OUT"-* --out "$T/out/merged" >/dev/null 2>"$T/merge.log" || fail "merge failed: $(cat "$T/merge.log")"
"$RECITE" sweep "$EXPERIMENT" --workers 2 --threads 1 --out "$T/out/unsharded" >/dev/null 2>"$T/unsharded.log" || fail "the unsharded sweep failed"
cmp "$T/out/merged/runs.csv" "$T/out/unsharded/runs.csv" || fail "merged runs.csv differs from the unsharded sweep's"
rows=$(($(wc -l < "$T/out/merged/runs.csv") - 1))
[ "$rows" -gt 0 ] || fail "no rows"
grep -q '"status" : "complete"' "$T/out/merged/manifest.json" || fail "the merged manifest does not say complete"
say "PASS: $TASKS array tasks merged = unsharded ($rows rows, byte-identical)"
