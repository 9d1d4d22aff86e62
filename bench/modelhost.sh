#!/usr/bin/env bash
# ModelHost benchmarks, side by side in one run (docs/measurements/benchmarks.md):
#   1. churn :predict, one instance a request, at 1 and 32 connections, dynamic batching on vs off;
#   2. ResNet18 infer over HTTP vs ONNX Runtime in-process with the same session options.
# Each figure is the median of RUNS runs of DURATION seconds. Load comes from wrk on 127.0.0.1.
# Usage: bench/modelhost.sh            (RUNS=3 DURATION=10 by default; results also in artifacts/bench/modelhost.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
PORT=${PORT:-18081}
out="$root/artifacts/bench"
mkdir -p "$out"

source bench/lib.sh
need_debian_packages wrk:wrk curl:curl bc:bc

dotnet build bench/ModelHost.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/bin"
bench() { dotnet "$out/bin/ModelHost.Bench.dll" "$@"; }
bench churn-body "$out/churn.json"
bench resnet-body "$out/resnet.json"
resnet_header=$(bench resnet-binary-body "$out/resnet.bin")
resnet_store="$out/bin/resnet-store"

host_pid=""
start_host() { # start_host <store> <settings...>
  local store=$1; shift
  (cd "$out/bin" && exec dotnet ModelHost.dll --urls "http://127.0.0.1:$PORT" --ModelHost:Store="$store" \
    --Logging:LogLevel:Default=Warning "$@") &
  host_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "ModelHost did not become ready" >&2; exit 1
}
stop_host() { kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; }
trap stop_host EXIT

warm_up() { # warm_up <path> <body> [header length]: discarded runs at 1 and 32 connections, so JIT tiering is over before measuring
  BODY_FILE=$2 HEADER_LENGTH=${3:-} wrk -t1 -c1 -d4s -s bench/wrk-post.lua "http://127.0.0.1:$PORT$1" >/dev/null
  BODY_FILE=$2 HEADER_LENGTH=${3:-} wrk -t2 -c32 -d4s -s bench/wrk-post.lua "http://127.0.0.1:$PORT$1" >/dev/null
}
load_path() { # load_path <path> <body> <connections> -> RESULT lines appended to stdout
  local threads=1; [ "$3" -gt 1 ] && threads=2
  for _ in $(seq 1 "$RUNS"); do
    BODY_FILE=$2 wrk -t"$threads" -c"$3" -d"${DURATION}s" -s bench/wrk-post.lua "http://127.0.0.1:$PORT$1" | grep RESULT
  done
}

results="$out/modelhost.md"
{
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: |"
} >"$results"

for batching in false true; do
  start_host "$root/models" --ModelHost:Models:churn=1.1.0 --ModelHost:Batching:Enabled=$batching
  warm_up /v1/models/churn:predict "$out/churn.json"
  load_path /v1/models/churn:predict "$out/churn.json" 1 >"$out/churn-$batching-1.txt"
  load_path /v1/models/churn:predict "$out/churn.json" 32 >"$out/churn-$batching-32.txt"
  stop_host
done
summarize "churn, 1 connection, batching off" "$out/churn-false-1.txt" >>"$results"
summarize "churn, 1 connection, batching on" "$out/churn-true-1.txt" >>"$results"
summarize "churn, 32 connections, batching off" "$out/churn-false-32.txt" >>"$results"
summarize "churn, 32 connections, batching on" "$out/churn-true-32.txt" >>"$results"
for _ in $(seq 1 "$RUNS"); do
  bench amortization "$root/models/churn/1.1.0/model.onnx" 32 "$DURATION" 1
done >"$out/churn-amortization.txt"

start_host "$resnet_store" --ModelHost:IntraOpThreads=1 --ModelHost:Batching:MaxConcurrency=2
warm_up /v2/models/resnet18/infer "$out/resnet.bin" "$resnet_header"
load_path /v2/models/resnet18/infer "$out/resnet.json" 2 >"$out/resnet-http.txt"
HEADER_LENGTH=$resnet_header load_path /v2/models/resnet18/infer "$out/resnet.bin" 2 >"$out/resnet-binary.txt"
stop_host
for _ in $(seq 1 "$RUNS"); do
  bench inprocess "$resnet_store/resnet18/1.0.0/model.onnx" 2 "$DURATION" 1
done >"$out/resnet-inprocess.txt"
summarize "ResNet18, ONNX Runtime in-process, 2 threads" "$out/resnet-inprocess.txt" >>"$results"
summarize "ResNet18, ModelHost HTTP infer, JSON tensor, 2 connections" "$out/resnet-http.txt" >>"$results"
summarize "ResNet18, ModelHost HTTP infer, binary tensor, 2 connections" "$out/resnet-binary.txt" >>"$results"

{
  echo
  single=$(grep -oE 'single_us_per_row=[0-9.]+' "$out/churn-amortization.txt" | cut -d= -f2 | median)
  batched=$(grep -oE 'batched_us_per_row=[0-9.]+' "$out/churn-amortization.txt" | cut -d= -f2 | median)
  echo "churn 1.1.0 inside ONNX Runtime, no HTTP: ${single} µs per row run alone, ${batched} µs per row in runs of 32."
} >>"$results"
cat "$results"
