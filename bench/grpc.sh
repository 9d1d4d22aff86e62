#!/usr/bin/env bash
# gRPC ModelInfer against REST infer through the same gateway, side by side in one run (docs/measurements/grpc.md):
# churn with 1 row a request, and with 1,000 rows (8 tensors of 1,000; gRPC with typed and with raw contents).
# Closed loop at CONCURRENCY callers; every request a distinct body from a distinct caller (cache misses, new callers);
# clients interleaved round by round, reversed every other round, after a discarded warm-up; medians of ROUNDS.
# Usage: bench/grpc.sh        (ROUNDS=5 SECONDS_PER_RUN=8 CONCURRENCY=16 by default; prints the table and writes
#                              artifacts/bench/grpc.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ROUNDS=${ROUNDS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CONCURRENCY=${CONCURRENCY:-16}
out="$root/artifacts/bench"
mkdir -p "$out"
MODELHOST=18081 GATEWAY=18080 GRPC=18086

source bench/lib.sh
need_debian_packages curl:curl
trap stop_all EXIT

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build bench/GrpcBench -c Release -nologo -clp:ErrorsOnly -o "$out/grpcbench"

start_modelhost "$MODELHOST" 1.1.0
(cd "$out/gateway" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$GATEWAY" --Gateway:GrpcUrls="http://127.0.0.1:$GRPC" \
  --Gateway:SchemaDirectory="$root/schemas" --Gateway:AdminUrls=none \
  --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
  --Gateway:Models:churn:CanaryCluster= --Logging:LogLevel:Default=Warning >"$out/grpc-gateway.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$GATEWAY/readyz"

{
  echo "# gRPC ModelInfer vs REST infer through the gateway"
  echo
  echo "Command: \`ROUNDS=$ROUNDS SECONDS_PER_RUN=$SECONDS_PER_RUN CONCURRENCY=$CONCURRENCY bench/grpc.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores)."
  echo "One gateway (cache on, every call a miss) in front of one ModelHost serving churn 1.1.0, all on 127.0.0.1."
  echo
  dotnet "$out/grpcbench/GrpcBench.dll" "http://127.0.0.1:$GATEWAY" "http://127.0.0.1:$GRPC" "$bench_api_key" \
    "$root/data/churn/eval.jsonl" "$ROUNDS" "$SECONDS_PER_RUN" "$CONCURRENCY"
} | tee "$out/grpc.md"
