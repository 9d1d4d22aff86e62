#!/usr/bin/env bash
# Every benchmark, one after another on a quiet machine, then docs/measurements/benchmarks.md written from their results
# (bench/report.sh). Each script measures its scenarios against their baselines in the same run; see each one's header.
# Installs wrk, nginx and redis-server from Debian's packages, and dotnet-trace and dotnet-counters, when missing.
# Usage: bench/all.sh               (RUNS=3 DURATION=10 by default, passed to every script; about 45 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
export RUNS=${RUNS:-3} DURATION=${DURATION:-10}
before=dffbb8f # the last commit before the profile's fixes (bench/profile.sh)
log=artifacts/bench/all.log
mkdir -p artifacts/bench
: >"$log"
step() { # step <name> <command...>: runs one benchmark, its output in the log, its progress on the terminal
  local name=$1 started=$SECONDS; shift
  printf '%-10s ' "$name"
  if "$@" >>"$log" 2>&1; then echo "done in $((SECONDS - started)) s"; else echo "FAILED: see $log"; exit 1; fi
}
step modelhost bench/modelhost.sh
step gateway bench/gateway.sh
step canary bench/canary.sh
step shadow bench/shadow.sh
step fullpath env BASELINE_COMMIT=$before bench/fullpath.sh
step gc bench/gc.sh
step profile bench/profile.sh
step before env GATEWAY_COMMIT=$before bench/profile.sh
bench/report.sh >docs/measurements/benchmarks.md
echo "docs/measurements/benchmarks.md written; the scripts' own output is in $log"
