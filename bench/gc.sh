#!/usr/bin/env bash
# The gateway's garbage collector (docs/measurements/benchmarks.md): the same build with server GC (DOTNET_gcServer=1) and with
# workstation GC (DOTNET_gcServer=0, the shipped setting), side by side on one ModelHost, cache off, no canary:
# closed loop at 32 connections (throughput and CPU per request), open loop at 2500 requests/s, then each one's peak
# resident memory (VmHWM).
# Usage: bench/gc.sh                (RUNS=3 DURATION=10 by default; results in artifacts/bench/gc.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
out="$root/artifacts/bench"
mkdir -p "$out"
MODELHOST=18981 SERVER=18980 WORKSTATION=18982

source bench/lib.sh
need_debian_packages wrk:wrk curl:curl bc:bc
dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build bench/ModelHost.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/bin"
dotnet build bench/LoadGen -c Release -nologo -clp:ErrorsOnly -o "$out/loadgen"
dotnet "$out/bin/ModelHost.Bench.dll" churn-body "$out/churn.json"
cp src/Gateway/flags.json "$out/gc-flags.json"

start_modelhost "$MODELHOST" 1.1.0
gateway() { # gateway <port> <DOTNET_gcServer> -> $gateway_pid
  (cd "$out/gateway" && DOTNET_gcServer=$2 exec dotnet Gateway.dll --urls "http://127.0.0.1:$1" --Gateway:SchemaDirectory="$root/schemas" \
    --Gateway:Models:churn:CacheTtlSeconds=0 --Gateway:Models:churn:CanaryCluster= \
    --Gateway:Canary:FlagsFile="$out/gc-flags.json" --ControlPlane:Directory="$out/gc-state-$1" \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
    --Logging:LogLevel:Default=Warning) &
  pids+=($!)
  gateway_pid=$!
  wait_for "http://127.0.0.1:$1/readyz"
}
gateway "$SERVER" 1; server_pid=$gateway_pid
gateway "$WORKSTATION" 0; workstation_pid=$gateway_pid
for port in $SERVER $WORKSTATION; do DURATION=12 load "$port" 32 1 >/dev/null; done

: >"$out/gc-server.txt"; : >"$out/gc-workstation.txt"
for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) -eq 1 ]; then order="server workstation"; else order="workstation server"; fi
  for which in $order; do
    if [ "$which" = server ]; then load_cpu "$SERVER" 32 "$server_pid"; else load_cpu "$WORKSTATION" 32 "$workstation_pid"; fi >>"$out/gc-$which.txt"
  done
done
open_server=$(dotnet "$out/loadgen/LoadGen.dll" "http://127.0.0.1:$SERVER/v1/models/churn:predict" "$out/churn.json" 2500 "$DURATION")
open_workstation=$(dotnet "$out/loadgen/LoadGen.dll" "http://127.0.0.1:$WORKSTATION/v1/models/churn:predict" "$out/churn.json" 2500 "$DURATION")
peak() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

results="$out/gc.md"
{
  traffic_note
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  summarize "gateway, server GC, 32 connections" "$out/gc-server.txt"
  summarize "gateway, workstation GC, 32 connections" "$out/gc-workstation.txt"
  echo
  echo "Gateway CPU per request: server GC $(median_cpu "$out/gc-server.txt") µs, workstation GC $(median_cpu "$out/gc-workstation.txt") µs;" \
    "workstation / server throughput $(echo "$(median_rps "$out/gc-workstation.txt") / $(median_rps "$out/gc-server.txt")" | bc -l | xargs printf '%.2f')x."
  echo "Open loop at 2500 requests/s: server GC $(echo "$open_server" | sed 's/RESULT //'); workstation GC $(echo "$open_workstation" | sed 's/RESULT //')."
  echo "Peak resident memory (VmHWM) after all of it: server GC $(peak "$server_pid") MiB, workstation GC $(peak "$workstation_pid") MiB."
} >"$results"
cat "$results"
