#!/usr/bin/env bash
# Shadow mirroring's cost (docs/measurements/benchmarks.md), side by side in one run, 32 connections, cache off, no canary:
#   gateway without mirroring | gateway mirroring 100 % to ShadowCompare with a real shadow ModelHost
#   | the same with a shadow that takes 200 ms | nginx plain | nginx mirror to the real shadow | nginx mirror to the 200 ms one
# Everything shares the two cores, ShadowCompare and the shadow ModelHost included, so besides throughput each gateway
# run reads the gateway process's CPU time per request: its own cost of mirroring.
# With SHADOW_NICE=N, ShadowCompare and the shadow ModelHost run at that nice level: background work that yields the
# CPU to the serving path, as on a machine they share with it.
# Usage: bench/shadow.sh            (RUNS=3 DURATION=10 by default; results also in artifacts/bench/shadow.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
out="$root/artifacts/bench"
mkdir -p "$out"
MODELHOST=18281 SHADOW=18283 SLOW=18289 COMPARE_FAST=18290 COMPARE_SLOW=18291
NONE=18280 FAST=18284 SLOWGW=18285 NGINX=18286 NGINX_FAST=18287 NGINX_SLOW=18288

source bench/lib.sh
need_debian_packages wrk:wrk nginx:nginx curl:curl bc:bc

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build src/ShadowCompare -c Release -nologo -clp:ErrorsOnly -o "$out/shadowcompare"
dotnet build bench/ModelHost.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/bin"
dotnet build bench/Gateway.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/gateway-bench"
dotnet "$out/bin/ModelHost.Bench.dll" churn-body "$out/churn.json"

NICE=${SHADOW_NICE:-0}
start_modelhost "$MODELHOST" 1.1.0
start_modelhost "$SHADOW" 2.0.0-rc.1 "$NICE"
(cd "$out/gateway-bench" && exec nice -n "$NICE" dotnet Gateway.Bench.dll slow-backend "$SLOW" 200) &
pids+=($!)
wait_for "http://127.0.0.1:$SLOW/v2/health/ready"

start_shadowcompare "$COMPARE_FAST" "http://127.0.0.1:$SHADOW" "$NICE"
start_shadowcompare "$COMPARE_SLOW" "http://127.0.0.1:$SLOW" "$NICE"

sed 's/"Value": 50/"Value": 100/' src/Gateway/flags.json >"$out/shadow-flags.json"
gateway() { # gateway <port> [ShadowCompare url] -> $gateway_pid
  (cd "$out/gateway" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$1" --Gateway:SchemaDirectory="$root/schemas" \
    --Gateway:Models:churn:CacheTtlSeconds=0 --Gateway:Models:churn:CanaryCluster= \
    --Gateway:Canary:FlagsFile="$out/shadow-flags.json" --ControlPlane:Directory="$out/shadow-state" \
    --Gateway:Shadow:CompareUrl="${2:-}" \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
    --Logging:LogLevel:Default=Warning) &
  pids+=($!)
  gateway_pid=$!
  wait_for "http://127.0.0.1:$1/readyz"
}
gateway "$NONE"; none_pid=$gateway_pid
gateway "$FAST" "http://127.0.0.1:$COMPARE_FAST"; fast_pid=$gateway_pid
gateway "$SLOWGW" "http://127.0.0.1:$COMPARE_SLOW"; slow_pid=$gateway_pid

nginx_conf() { # nginx_conf <name> <template> <port> <shadow>
  local dir="$out/nginx-$1"
  mkdir -p "$dir"
  sed -e "s#@PREFIX@#$dir#g" -e "s#@PORT@#$3#g" -e "s#@BACKEND@#127.0.0.1:$MODELHOST#g" -e "s#@SHADOW@#${4:-}#g" "bench/nginx/$2" >"$dir/nginx.conf"
  nginx -c "$dir/nginx.conf" -p "$dir" &
  pids+=($!)
}
nginx_conf plain proxy.conf.template "$NGINX"
nginx_conf mirror-fast mirror.conf.template "$NGINX_FAST" "127.0.0.1:$SHADOW"
nginx_conf mirror-slow mirror.conf.template "$NGINX_SLOW" "127.0.0.1:$SLOW"
sleep 1

for port in $NONE $FAST $SLOWGW $NGINX $NGINX_FAST $NGINX_SLOW; do DURATION=12 load "$port" 32 1 >/dev/null; done

names=(none fast slow nginx nginx-fast nginx-slow)
for name in "${names[@]}"; do : >"$out/shadow-$name.txt"; done
measure() {
  case $1 in
    none) load_cpu "$NONE" 32 "$none_pid" ;;
    fast) load_cpu "$FAST" 32 "$fast_pid" ;;
    slow) load_cpu "$SLOWGW" 32 "$slow_pid" ;;
    nginx) load "$NGINX" 32 1 ;;
    nginx-fast) load "$NGINX_FAST" 32 1 ;;
    nginx-slow) load "$NGINX_SLOW" 32 1 ;;
  esac >>"$out/shadow-$1.txt"
}
# Interleaved, in reverse order every other run, so drift and position touch every scenario alike.
for run in $(seq 1 "$RUNS"); do
  order=("${names[@]}")
  [ $((run % 2)) -eq 1 ] || order=(nginx-slow nginx-fast nginx slow fast none)
  for name in "${order[@]}"; do measure "$name"; done
done

ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
p99() { grep -oE 'p99_us=[0-9]+' "$1" | cut -d= -f2 | median; }
results="$out/shadow.md"
{
  traffic_note
  echo
  echo "ShadowCompare and the shadows at nice $NICE"
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  summarize "gateway, no mirroring" "$out/shadow-none.txt"
  summarize "gateway, mirroring 100 %, real shadow ModelHost" "$out/shadow-fast.txt"
  summarize "gateway, mirroring 100 %, shadow taking 200 ms" "$out/shadow-slow.txt"
  summarize "nginx, plain proxy" "$out/shadow-nginx.txt"
  summarize "nginx, mirror to the real shadow ModelHost" "$out/shadow-nginx-fast.txt"
  summarize "nginx, mirror to the shadow taking 200 ms" "$out/shadow-nginx-slow.txt"
  echo
  echo "gateway throughput, mirroring / none: real shadow $(ratio "$(median_rps "$out/shadow-fast.txt")" "$(median_rps "$out/shadow-none.txt")")x," \
    "200 ms shadow $(ratio "$(median_rps "$out/shadow-slow.txt")" "$(median_rps "$out/shadow-none.txt")")x;" \
    "p99 with the 200 ms shadow / none: $(ratio "$(p99 "$out/shadow-slow.txt")" "$(p99 "$out/shadow-none.txt")")x"
  echo "gateway CPU per request: none $(median_cpu "$out/shadow-none.txt") µs, real shadow $(median_cpu "$out/shadow-fast.txt") µs, 200 ms shadow $(median_cpu "$out/shadow-slow.txt") µs"
  echo "nginx throughput, mirror / plain: real shadow $(ratio "$(median_rps "$out/shadow-nginx-fast.txt")" "$(median_rps "$out/shadow-nginx.txt")")x," \
    "200 ms shadow $(ratio "$(median_rps "$out/shadow-nginx-slow.txt")" "$(median_rps "$out/shadow-nginx.txt")")x"
  for port in $COMPARE_FAST $COMPARE_SLOW; do
    echo "ShadowCompare :$port after the runs: $(curl -s "${compare_auth[@]}" "http://127.0.0.1:$port/reports/churn.json" | grep -oE '"(mirrored|compared)": *[0-9]+' | tr '\n' ' ')"
  done
} >"$results"
cat "$results"
