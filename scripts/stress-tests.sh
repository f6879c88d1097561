#!/usr/bin/env bash
# The whole `npm test` N times in a row (default 3) on a fresh clone of this checkout's HEAD, beside two busy loops
# (one per core), stopping at the first failure: how a timing test is shown not to be flaky. Usage:
#   scripts/stress-tests.sh [RUNS] [WORKDIR]      (logs and a summary in WORKDIR, default /tmp/chargedrill-stress)
set -u
runs=${1:-3}
work=${2:-/tmp/chargedrill-stress}
repo=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$work" && mkdir -p "$work" && git clone -q "$repo" "$work/clone" && ln -s "$repo/node_modules" "$work/clone/node_modules"
echo "commit $(git -C "$work/clone" rev-parse --short HEAD) start $(date -u)" > "$work/summary.txt"
pids=()
for _ in 1 2; do (while :; do :; done) & pids+=($!); done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
for run in $(seq 1 "$runs"); do
  start=$(date +%s)
  (cd "$work/clone" && npm test > "$work/run$run.log" 2>&1)
  rc=$?
  echo "run $run rc=$rc secs=$(( $(date +%s) - start )) $(date -u) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/summary.txt"
  [ "$rc" -ne 0 ] && break
done
cat "$work/summary.txt"
