#!/usr/bin/env bash
# Gateway benchmarks, side by side in one run on the same ModelHost backend (docs/measurements/benchmarks.md):
#   direct to ModelHost | through the gateway, cache off | through nginx as a plain reverse proxy
#   | through YARP with nothing added (bench/YarpBaseline: the floor of any YARP-based gateway here)
#   at 1 connection (added latency) and 32 (throughput); then the cache-hit path with Redis and in-memory,
#   and the gateway's resident memory after the load.
# Each figure is the median of RUNS runs of DURATION seconds. Load comes from wrk on 127.0.0.1.
# Usage: bench/gateway.sh          (RUNS=3 DURATION=10 by default; results also in artifacts/bench/gateway.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
out="$root/artifacts/bench"
mkdir -p "$out"
MODELHOST=18081 GATEWAY=18080 NGINX=18082 CACHED=18083 MEMCACHED=18084 YARP=18085 REDIS=18379

source bench/lib.sh
need_debian_packages wrk:wrk nginx:nginx redis-server:redis-server curl:curl bc:bc

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build bench/ModelHost.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/bin"
dotnet build bench/YarpBaseline -c Release -nologo -clp:ErrorsOnly -o "$out/yarp"
dotnet "$out/bin/ModelHost.Bench.dll" churn-body "$out/churn.json"

(cd "$out/modelhost" && exec dotnet ModelHost.dll --urls "http://127.0.0.1:$MODELHOST" --ModelHost:Store="$root/models" \
  --ModelHost:Models:churn=1.1.0 --Logging:LogLevel:Default=Warning) &
pids+=($!)
wait_for "http://127.0.0.1:$MODELHOST/v2/health/ready"

start_gateway() { # start_gateway <port> <settings...>
  local port=$1; shift
  (cd "$out/gateway" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$port" --Gateway:SchemaDirectory="$root/schemas" \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
    --Gateway:Models:churn:CanaryCluster= --Logging:LogLevel:Default=Warning "$@") &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/readyz"
  gateway_pid=$!
}
start_gateway "$GATEWAY" --Gateway:Models:churn:CacheTtlSeconds=0
uncached_pid=$gateway_pid

redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
pids+=($!)
start_gateway "$CACHED" --ConnectionStrings:Redis="127.0.0.1:$REDIS" --Gateway:Cache:SigningKey=bench-cache-signing-key-0123456789abcdef
start_gateway "$MEMCACHED"

(cd "$out/yarp" && exec dotnet YarpBaseline.dll --urls "http://127.0.0.1:$YARP" --Backend "http://127.0.0.1:$MODELHOST") &
pids+=($!)

nginx_dir="$out/nginx"
mkdir -p "$nginx_dir"
sed -e "s#@PREFIX@#$nginx_dir#g" -e "s#@PORT@#$NGINX#g" -e "s#@BACKEND@#127.0.0.1:$MODELHOST#g" bench/nginx/proxy.conf.template >"$nginx_dir/nginx.conf"
nginx -c "$nginx_dir/nginx.conf" -p "$nginx_dir" &
pids+=($!)
sleep 1

# Warm every path with a discarded run: .NET's tiered JIT and dynamic PGO take ~10 s of load to settle.
for port in $MODELHOST $GATEWAY $NGINX $YARP $CACHED $MEMCACHED; do
  DURATION=12 load "$port" 32 1 >/dev/null
done

results="$out/gateway.md"
{
  traffic_note
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: |"
} >"$results"
# Interleaved by run, so drift in the machine's speed touches every scenario alike.
for connections in 1 32; do
  for name in direct gateway nginx yarp; do : >"$out/gw-$name-$connections.txt"; done
  for _ in $(seq 1 "$RUNS"); do
    load "$MODELHOST" "$connections" 1 >>"$out/gw-direct-$connections.txt"
    load "$GATEWAY" "$connections" 1 >>"$out/gw-gateway-$connections.txt"
    load "$NGINX" "$connections" 1 >>"$out/gw-nginx-$connections.txt"
    load "$YARP" "$connections" 1 >>"$out/gw-yarp-$connections.txt"
  done
  summarize "direct to ModelHost, $connections connection(s)" "$out/gw-direct-$connections.txt" >>"$results"
  summarize "gateway, cache off, $connections connection(s)" "$out/gw-gateway-$connections.txt" >>"$results"
  summarize "nginx reverse proxy, $connections connection(s)" "$out/gw-nginx-$connections.txt" >>"$results"
  summarize "YARP alone, nothing added, $connections connection(s)" "$out/gw-yarp-$connections.txt" >>"$results"
done
# A cache hit is the same question again: these two runs send one body whatever $TRAFFIC says.
TRAFFIC=same-body load "$CACHED" 32 >"$out/gw-hit-redis.txt"
summarize "gateway cache hits, Redis, 32 connections" "$out/gw-hit-redis.txt" >>"$results"
TRAFFIC=same-body load "$MEMCACHED" 32 >"$out/gw-hit-memory.txt"
summarize "gateway cache hits, in-memory, 32 connections" "$out/gw-hit-memory.txt" >>"$results"

{
  echo
  echo "gateway resident memory after its load (VmHWM, peak): cache off $(grep VmHWM /proc/$uncached_pid/status | awk '{print $2/1024 " MiB"}')," \
    "Redis cache-hit gateway $(pgrep -f "Gateway.dll --urls http://127.0.0.1:$CACHED" | head -1 | xargs -I{} grep VmHWM /proc/{}/status | awk '{print $2/1024 " MiB"}')"
} >>"$results"
cat "$results"
