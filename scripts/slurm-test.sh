#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The cluster path of expressroute-sweep under a real Slurm (doc/sweeps.md, "On a cluster"):
# starts a single-node Slurm on this machine (Debian's slurm-wlm and munge, installed if
# missing; daemons started directly, no systemd), emits the Slurm script of a small sweep
# (2 x 2 points x 2 runs), submits it with sbatch, waits for the array (at most 5 minutes),
# merges the runs with --collect and checks the index. Stops what it started.
#
# Exit 0 with "PASSED: ..." on success, non-zero on failure, and 0 with "SKIPPED: ..." when
# Slurm cannot be installed or its daemons cannot start here (e.g. a container without the
# privileges munged needs). Needs root. Binaries: $EXPRESSROUTE_BIN_DIR or build/bin.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${EXPRESSROUTE_BIN_DIR:-$ROOT/build/bin}"
SWEEP="$BIN/expressroute-sweep"
WAIT_S="${EXPRESSROUTE_SLURM_WAIT_S:-300}"

say() { echo "slurm-test: $*"; }
skip() { echo "SKIPPED: slurm-test: $*"; exit 0; }
fail() { echo "FAILED: slurm-test: $*" >&2; show_logs; exit 1; }

T=""
show_logs() {
  [[ -n "$T" && -d "$T/log" ]] || return 0
  for f in "$T"/log/*.log "$T"/sweep/slurm/*.out; do
    [[ -f "$f" ]] && { echo "--- $f (last lines)" >&2; tail -n 15 "$f" >&2; }
  done
  return 0
}

[[ -x "$SWEEP" ]] || fail "$SWEEP is not built"
[[ $(id -u) -eq 0 ]] || skip "needs root to start slurmctld, slurmd and munged"

# --- install -----------------------------------------------------------------------------------
PKGS=(slurm-wlm munge)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/slurm-test-apt.log 2>&1; then
    skip "cannot install ${missing[*]} (see /tmp/slurm-test-apt.log)"
  fi
fi
for c in slurmctld slurmd munged sbatch squeue sinfo scontrol; do
  command -v "$c" >/dev/null || skip "$c not found after installing ${PKGS[*]}"
done

# --- configuration -----------------------------------------------------------------------------
T="$(mktemp -d /tmp/expressroute-slurm-XXXXXX)"
mkdir -p "$T/state" "$T/spool" "$T/log"
chmod 755 "$T"
HOST="$(hostname -s)"
CPUS="$(nproc)"
MEM_MB="$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)"
read -r CTLD_PORT SLURMD_PORT < <(/usr/bin/python3 - <<'EOF'
import socket
ports = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ports.append(s); 
print(*[s.getsockname()[1] for s in ports])
EOF
)
export SLURM_CONF="$T/slurm.conf"
cat >"$SLURM_CONF" <<EOF
# Single-node Slurm for scripts/slurm-test.sh: no cgroups, no accounting database.
ClusterName=expressroute-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$T/log/jobcomp.txt
ReturnToService=2
MpiDefault=none
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

# --- daemons -----------------------------------------------------------------------------------
STARTED_MUNGED=""
cleanup() {
  local rc=$?
  set +e
  if [[ -f "$T/slurmctld.pid" || -f "$T/slurmd.pid" ]]; then
    scontrol shutdown >/dev/null 2>&1
    for _ in $(seq 50); do
      pgrep -F "$T/slurmctld.pid" >/dev/null 2>&1 || pgrep -F "$T/slurmd.pid" >/dev/null 2>&1 || break
      sleep 0.1
    done
    for pidfile in "$T/slurmctld.pid" "$T/slurmd.pid"; do
      [[ -f "$pidfile" ]] && kill -KILL "$(cat "$pidfile")" 2>/dev/null
    done
  fi
  [[ -n "$STARTED_MUNGED" ]] && kill "$STARTED_MUNGED" 2>/dev/null
  if [[ $rc -eq 0 ]]; then rm -rf "$T"; else echo "slurm-test: kept $T for inspection" >&2; fi
}
trap cleanup EXIT

if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  [[ -f /etc/munge/munge.key ]] || mungekey --create >/dev/null 2>&1 || skip "no munge key"
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged >"$T/log/munged-start.log" 2>&1 \
    || skip "munged cannot start here: $(tail -n 1 "$T/log/munged-start.log")"
  for _ in $(seq 50); do [[ -s /run/munge/munged.pid ]] && break; sleep 0.1; done
  STARTED_MUNGED="$(cat /run/munge/munged.pid 2>/dev/null || true)"
  munge -n | unmunge >/dev/null 2>&1 || skip "munged started but does not answer"
fi
slurmctld -f "$SLURM_CONF" >"$T/log/slurmctld-start.log" 2>&1 \
  || skip "slurmctld cannot start here: $(tail -n 1 "$T/log/slurmctld-start.log")"
slurmd -f "$SLURM_CONF" >"$T/log/slurmd-start.log" 2>&1 \
  || skip "slurmd cannot start here: $(tail -n 1 "$T/log/slurmd-start.log")"
state=""
for _ in $(seq 60); do
  state="$(sinfo -h -N -o %T 2>/dev/null | head -n 1 || true)"
  [[ "$state" == idle ]] && break
  sleep 1
done
[[ "$state" == idle ]] || skip "the node did not become idle in 60 s (state '${state:-none}'); see $T/log"
say "single-node Slurm up on $HOST ($CPUS CPUs), ports $CTLD_PORT/$SLURMD_PORT"

# --- the sweep ---------------------------------------------------------------------------------
cat >"$T/spec.json" <<EOF
{
  "name": "slurm-smoke",
  "scenario": "$ROOT/examples/scenarios/default.json",
  "set": { "/simulation/duration": "2s" },
  "parameters": [
    { "path": "/circuits/1/bandwidth", "name": "lon_bandwidth", "values": ["500Mbps", "1Gbps"] },
    { "path": "/traffic/0/rate", "name": "backup_rate", "values": ["10Mbps", "50Mbps"] }
  ],
  "runs": 2,
  "timeout": "2min"
}
EOF
OUT="$T/sweep"
"$SWEEP" --spec="$T/spec.json" --out="$OUT" --emit-slurm || fail "--emit-slurm failed"
JOB="$(sbatch --parsable "$OUT/sweep.sbatch")" || fail "sbatch refused $OUT/sweep.sbatch"
JOB="${JOB%%;*}"
say "submitted job array $JOB; waiting (at most ${WAIT_S} s)"
start=$SECONDS
while [[ -n "$(squeue -h -j "$JOB" 2>/dev/null)" ]]; do
  ((SECONDS - start < WAIT_S)) || { scancel "$JOB"; fail "job $JOB still queued or running after ${WAIT_S} s"; }
  sleep 1
done
say "job $JOB done in $((SECONDS - start)) s"
completed="$(grep -c "JobState=COMPLETED" "$T/log/jobcomp.txt" || true)"
[[ "$completed" -eq 4 ]] || fail "expected 4 array tasks COMPLETED, jobcomp says: $(cut -c1-200 "$T/log/jobcomp.txt")"

"$SWEEP" --collect "$OUT" || fail "--collect failed"
/usr/bin/python3 - "$OUT/index.sqlite" <<'EOF' || fail "the index is not as expected"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
status = db.execute("SELECT status, COUNT(*) FROM runs GROUP BY status").fetchall()
assert status == [("completed", 8)], f"runs by status: {status}"
grouped = db.execute(
    "SELECT lon_bandwidth, COUNT(*), AVG(fra_to_weu_throughput_bps) FROM runs "
    "GROUP BY lon_bandwidth ORDER BY lon_bandwidth").fetchall()
assert [g[:2] for g in grouped] == [("1Gbps", 4), ("500Mbps", 4)], grouped
assert all(g[2] > 0 for g in grouped), grouped
print("slurm-test: index:", grouped)
EOF
echo "PASSED: slurm-test: job array $JOB ran 4 points x 2 runs on Slurm; --collect indexed 8 completed runs"
