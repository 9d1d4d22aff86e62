#!/usr/bin/env bash
# Profiles the gateway's hot path on the issue's full path (docs/measurements/benchmarks.md): validation, canary split at 10 %,
# mirroring at 10 % to ShadowCompare, cache off, 32 connections from wrk. Reports per request the gateway's CPU time and
# bytes allocated, the methods on the CPU most (dotnet-trace's sampling profiler, exclusive and inclusive), and the
# types allocated most (dotnet-trace's allocation ticks, summed by bench/Gateway.Bench allocations).
# With GATEWAY_COMMIT=<commit>, profiles that commit's gateway instead (built from a git worktree): before/after figures.
# GATEWAY_ARGS="--Gateway:Key=value ..." adds settings to the gateway's command line.
# Usage: bench/profile.sh           (DURATION=10 by default; results in artifacts/bench/profile[-<commit>].md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=1
DURATION=${DURATION:-10}
out="$root/artifacts/bench"
mkdir -p "$out"
MODELHOST=18581 SHADOW=18583 COMPARE=18590 GATEWAY=18580
export PATH="$PATH:$HOME/.dotnet/tools"

source bench/lib.sh
need_debian_packages wrk:wrk curl:curl bc:bc
command -v dotnet-trace >/dev/null || dotnet tool install -g dotnet-trace --version 10.0.750501
command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters --version 10.0.750501

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/ShadowCompare -c Release -nologo -clp:ErrorsOnly -o "$out/shadowcompare"
dotnet build bench/ModelHost.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/bin"
dotnet build bench/Gateway.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/gateway-bench"
dotnet "$out/bin/ModelHost.Bench.dll" churn-body "$out/churn.json"
gateway_dir="$out/gateway"
label=""
if [ -n "${GATEWAY_COMMIT:-}" ]; then
  label="-$GATEWAY_COMMIT"
  gateway_dir="$out/gateway-$GATEWAY_COMMIT"
  rm -rf "$out/profile-src" && git worktree prune && git worktree add -q --detach "$out/profile-src" "$GATEWAY_COMMIT"
  dotnet build "$out/profile-src/src/Gateway" -c Release -nologo -clp:ErrorsOnly -o "$gateway_dir"
  git worktree remove --force "$out/profile-src"
else
  dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$gateway_dir"
fi

start_modelhost "$MODELHOST" 1.1.0
start_modelhost "$SHADOW" 2.0.0-rc.1
start_shadowcompare "$COMPARE" "http://127.0.0.1:$SHADOW"

sed 's/"Value": 50/"Value": 10/' src/Gateway/flags.json >"$out/profile-flags.json" # canary 10 %, mirroring 10 %
(cd "$gateway_dir" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$GATEWAY" --Gateway:SchemaDirectory="$root/schemas" \
  --Gateway:Models:churn:CacheTtlSeconds=0 --Gateway:Canary:FlagsFile="$out/profile-flags.json" \
  --ControlPlane:Directory="$out/profile-state" --Gateway:Shadow:CompareUrl="http://127.0.0.1:$COMPARE" \
  --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
  --ReverseProxy:Clusters:churn-canary:Destinations:modelhost-canary-1:Address="http://127.0.0.1:$MODELHOST" \
  --Logging:LogLevel:Default=Warning ${GATEWAY_ARGS:-}) &
pids+=($!)
gateway_pid=$!
wait_for "http://127.0.0.1:$GATEWAY/readyz"
DURATION=12 load "$GATEWAY" 32 1 >/dev/null

# CPU and bytes allocated per request, over one run: the runtime's allocation counter reports bytes per second, summed
# over a window that holds the run (the second before and after it are idle).
rm -f "$out/profile-counters.csv"
dotnet-counters collect -p "$gateway_pid" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' --refresh-interval 1 \
  --format csv -o "$out/profile-counters.csv" --duration "00:00:00:$((DURATION + 3))" >/dev/null &
counters_pid=$!
sleep 1
line=$(load_cpu "$GATEWAY" 32 "$gateway_pid")
wait "$counters_pid"
allocated=$(grep total_allocated "$out/profile-counters.csv" | awk -F, '{s += $NF} END {printf "%.0f", s}')
rps=$(echo "$line" | grep -oE 'rps=[0-9.]+' | cut -d= -f2)
bytes_per_request=$(echo "$allocated / ($rps * $DURATION)" | bc -l | xargs printf '%.0f')

trace() { # trace <profile> <file>: one trace of 8 s under load
  load "$GATEWAY" 32 1 >/dev/null &
  local wrk_pid=$!
  sleep 1
  dotnet-trace collect -p "$gateway_pid" --profile "$1" --duration 00:00:00:08 -o "$2" >/dev/null
  wait "$wrk_pid"
}
trace dotnet-sampled-thread-time "$out/profile-cpu.nettrace"
trace gc-verbose "$out/profile-alloc.nettrace"

results="$out/profile$label.md"
{
  traffic_note
  echo
  echo "gateway ${GATEWAY_COMMIT:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' with uncommitted changes')} ${GATEWAY_ARGS:-}, full path (validation, split 10 %, mirroring 10 %), cache off, 32 connections"
  echo
  echo "$line" | awk -v b="$bytes_per_request" '{print $0, "bytes_per_request=" b}'
  echo
  echo "Top methods by exclusive CPU samples:"
  echo '```'
  dotnet-trace report "$out/profile-cpu.nettrace" topN -n 25 | tail -n +2
  echo '```'
  echo "Top methods by inclusive CPU samples:"
  echo '```'
  dotnet-trace report "$out/profile-cpu.nettrace" topN -n 40 --inclusive | tail -n +2
  echo '```'
  dotnet "$out/gateway-bench/Gateway.Bench.dll" allocations "$out/profile-alloc.nettrace" 20
} >"$results"
cat "$results"
