#!/usr/bin/env bash
# The canary split's cost (docs/measurements/benchmarks.md): gateway throughput with churn's canary at 10 % against the same gateway
# with no canary track, side by side, runs interleaved. Both tracks point at one ModelHost, so the backend's capacity is
# the same and the difference is the gateway's own work: caller id, FeatureManagement's variant allocation (SHA-256 for
# every new caller: under realistic traffic, bench/lib.sh, every call is one), per-track windows. Cache off.
# Then the cost of one assignment in-process (bench/Gateway.Micro, BenchmarkDotNet's short job): new caller, remembered
# caller, no caller id.
# With BASELINE_COMMIT=<commit>, that commit's gateway (stable only) is built and measured in the same runs too,
# for before/after figures.
# Usage: bench/canary.sh            (RUNS=3 DURATION=10 by default; results also in artifacts/bench/canary.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
out="$root/artifacts/bench"
mkdir -p "$out"
MODELHOST=18181 STABLE_ONLY=18180 SPLIT=18182 BASELINE=18183

source bench/lib.sh
need_debian_packages wrk:wrk curl:curl bc:bc

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build bench/ModelHost.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/bin"
dotnet build bench/Gateway.Micro -c Release -nologo -clp:ErrorsOnly
dotnet "$out/bin/ModelHost.Bench.dll" churn-body "$out/churn.json"

(cd "$out/modelhost" && exec dotnet ModelHost.dll --urls "http://127.0.0.1:$MODELHOST" --ModelHost:Store="$root/models" \
  --ModelHost:Models:churn=1.1.0 --ModelHost:PinsFile="$out/canary-pins.json" --Logging:LogLevel:Default=Warning) &
pids+=($!)
wait_for "http://127.0.0.1:$MODELHOST/v2/health/ready"

cp src/Gateway/flags.json "$out/canary-flags.json"
start_gateway() { # start_gateway <port> <canary cluster or empty>
  (cd "$out/gateway" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$1" --Gateway:SchemaDirectory="$root/schemas" \
    --Gateway:Models:churn:CacheTtlSeconds=0 --Gateway:Models:churn:CanaryCluster="$2" \
    --Gateway:Canary:FlagsFile="$out/canary-flags.json" --ControlPlane:Directory="$out/canary-state" \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
    --ReverseProxy:Clusters:churn-canary:Destinations:modelhost-canary-1:Address="http://127.0.0.1:$MODELHOST" \
    --Logging:LogLevel:Default=Warning) &
  pids+=($!)
  gateway_pid=$!
  wait_for "http://127.0.0.1:$1/readyz"
}
start_gateway "$STABLE_ONLY" ""
stable_pid=$gateway_pid
start_gateway "$SPLIT" churn-canary
split_pid=$gateway_pid
ports=("$STABLE_ONLY" "$SPLIT")
if [ -n "${BASELINE_COMMIT:-}" ]; then
  rm -rf "$out/baseline-src" && git worktree prune && git worktree add -q --detach "$out/baseline-src" "$BASELINE_COMMIT"
  dotnet build "$out/baseline-src/src/Gateway" -c Release -nologo -clp:ErrorsOnly -o "$out/gateway-baseline"
  git worktree remove --force "$out/baseline-src"
  (cd "$out/gateway-baseline" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$BASELINE" --Gateway:SchemaDirectory="$root/schemas" \
    --Gateway:Models:churn:CacheTtlSeconds=0 --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
    --Logging:LogLevel:Default=Warning) &
  pids+=($!)
  baseline_pid=$!
  wait_for "http://127.0.0.1:$BASELINE/readyz"
  ports+=("$BASELINE")
fi

for port in "${ports[@]}"; do DURATION=12 load "$port" 32 1 >/dev/null; done

: >"$out/canary-stable-only.txt"; : >"$out/canary-split.txt"; : >"$out/canary-baseline.txt"
# Interleaved, and in reverse order every other run, so drift and position touch every gateway alike.
measure() {
  case $1 in
    stable) load_cpu "$STABLE_ONLY" 32 "$stable_pid" >>"$out/canary-stable-only.txt" ;;
    split) load_cpu "$SPLIT" 32 "$split_pid" >>"$out/canary-split.txt" ;;
    baseline) [ -z "${BASELINE_COMMIT:-}" ] || load_cpu "$BASELINE" 32 "$baseline_pid" >>"$out/canary-baseline.txt" ;;
  esac
}
for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) -eq 1 ]; then order="stable split baseline"; else order="baseline split stable"; fi
  for which in $order; do measure "$which"; done
done

dotnet run -c Release --no-build --project bench/Gateway.Micro -- --filter '*TrackAssignment*' --job short \
  --artifacts "$out/micro" >"$out/micro.log"

results="$out/canary.md"
{
  traffic_note
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  summarize "gateway, stable only, 32 connections" "$out/canary-stable-only.txt"
  summarize "gateway, canary split at 10 %, 32 connections" "$out/canary-split.txt"
  [ -z "${BASELINE_COMMIT:-}" ] || summarize "gateway at $BASELINE_COMMIT, stable only, 32 connections" "$out/canary-baseline.txt"
  echo
  echo "split / stable only: $(echo "$(median_rps "$out/canary-split.txt") / $(median_rps "$out/canary-stable-only.txt")" | bc -l | xargs printf '%.2f')x throughput;" \
    "gateway CPU per request $(median_cpu "$out/canary-split.txt") µs split, $(median_cpu "$out/canary-stable-only.txt") µs stable only" \
    "${BASELINE_COMMIT:+, $(median_cpu "$out/canary-baseline.txt") µs at $BASELINE_COMMIT}"
  echo
  echo "One assignment in-process, churn's canary at 10 % (bench/Gateway.Micro):"
  echo
  cat "$out/micro/results/Gateway.Micro.TrackAssignmentBenchmarks-report-github.md"
} >"$results"
cat "$results"
