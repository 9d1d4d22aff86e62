#!/usr/bin/env bash
# The gateway's whole path against what an SRE would write by hand (docs/measurements/benchmarks.md), side by side in one run:
#   direct to ModelHost | YARP with nothing added (bench/YarpBaseline) | gateway pass-through (validation, canary split at 10 %, cache off) | nginx split_clients
#   | gateway full path (the same, plus mirroring 10 % to ShadowCompare) | nginx split_clients + mirror 10 % to the shadow
# closed-loop (wrk, 32 connections, and 1 connection for the latency the gateway adds) and open-loop at fixed rates (bench/LoadGen: latency counted from when each request
# was due, so queueing shows instead of hiding); then the gateway's peak resident memory under that load, and its
# resident memory over 60 s of load while mirroring everything to a ShadowCompare that is down (the queue is bounded).
# The canary track and the stable one point at the same ModelHost, for nginx as for the gateway.
# With BASELINE_COMMIT=<commit>, that commit's gateway runs the full path too, in the same runs: before/after figures.
# TRAFFIC=realistic (the default) or same-body picks what the closed loop sends (bench/lib.sh), for nginx and the
# gateway alike; nginx splits by caller id under realistic traffic. The open loop sends one body and no caller id.
# Usage: bench/fullpath.sh          (RUNS=3 DURATION=10 RATES="1000 2500" DEAD_SECONDS=60; results in artifacts/bench/fullpath.md)
#        RATES="" skips the open loop, DEAD_SECONDS=0 the dead shadow.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
RATES=${RATES-1000 2500}
DEAD_SECONDS=${DEAD_SECONDS:-60}
out="$root/artifacts/bench"
mkdir -p "$out"
MODELHOST=18681 SHADOW=18683 COMPARE=18690 DEAD=18699 YARP=18689
GW_SPLIT=18680 GW_FULL=18684 GW_DEAD=18688 NGINX_SPLIT=18686 NGINX_FULL=18687 GW_BEFORE=18685

source bench/lib.sh
need_debian_packages wrk:wrk nginx:nginx curl:curl bc:bc

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build src/ShadowCompare -c Release -nologo -clp:ErrorsOnly -o "$out/shadowcompare"
dotnet build bench/ModelHost.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/bin"
dotnet build bench/LoadGen -c Release -nologo -clp:ErrorsOnly -o "$out/loadgen"
dotnet build bench/YarpBaseline -c Release -nologo -clp:ErrorsOnly -o "$out/yarp"
dotnet "$out/bin/ModelHost.Bench.dll" churn-body "$out/churn.json"

start_modelhost "$MODELHOST" 1.1.0
start_modelhost "$SHADOW" 2.0.0-rc.1
start_shadowcompare "$COMPARE" "http://127.0.0.1:$SHADOW"
(cd "$out/yarp" && exec dotnet YarpBaseline.dll --urls "http://127.0.0.1:$YARP" --Backend "http://127.0.0.1:$MODELHOST") &
pids+=($!)
wait_for "http://127.0.0.1:$MODELHOST/v2/health/ready"

sed 's/"Value": 50/"Value": 10/' src/Gateway/flags.json >"$out/fullpath-flags.json"       # canary 10 %, mirroring 10 %
sed 's/"Value": 50/"Value": 100/' src/Gateway/flags.json >"$out/fullpath-dead-flags.json" # canary 10 %, mirroring all
gateway() { # gateway <port> <flags file> [ShadowCompare url] -> $gateway_pid; $gateway_dir picks another build
  (cd "${gateway_dir:-$out/gateway}" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$1" --Gateway:SchemaDirectory="$root/schemas" \
    --Gateway:Models:churn:CacheTtlSeconds=0 --Gateway:Canary:FlagsFile="$2" --ControlPlane:Directory="$out/fullpath-state-$1" \
    --Gateway:Shadow:CompareUrl="${3:-}" \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
    --ReverseProxy:Clusters:churn-canary:Destinations:modelhost-canary-1:Address="http://127.0.0.1:$MODELHOST" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Gateway.Shadow=Error) &
  pids+=($!)
  gateway_pid=$!
  wait_for "http://127.0.0.1:$1/readyz"
}
gateway "$GW_SPLIT" "$out/fullpath-flags.json"; split_pid=$gateway_pid
gateway "$GW_FULL" "$out/fullpath-flags.json" "http://127.0.0.1:$COMPARE"; full_pid=$gateway_pid
gateway "$GW_DEAD" "$out/fullpath-dead-flags.json" "http://127.0.0.1:$DEAD"; dead_pid=$gateway_pid
names=(direct yarp gw-split nginx-split gw-full nginx-full)
single=(direct gw-full nginx-full) # at one connection: the latency each adds over direct
if [ -n "${BASELINE_COMMIT:-}" ]; then
  rm -rf "$out/baseline-src" && git worktree prune && git worktree add -q --detach "$out/baseline-src" "$BASELINE_COMMIT"
  dotnet build "$out/baseline-src/src/Gateway" -c Release -nologo -clp:ErrorsOnly -o "$out/gateway-$BASELINE_COMMIT"
  git worktree remove --force "$out/baseline-src"
  gateway_dir="$out/gateway-$BASELINE_COMMIT" gateway "$GW_BEFORE" "$out/fullpath-flags.json" "http://127.0.0.1:$COMPARE"
  before_pid=$gateway_pid
  names+=(gw-before)
fi

nginx_conf() { # nginx_conf <name> <port> [shadow]
  local dir="$out/nginx-$1" mirror_mark='__none__' caller='${http_x_user_id}'
  mkdir -p "$dir"
  [ -z "${3:-}" ] || mirror_mark='#mirror '
  [ "$TRAFFIC" = realistic ] || caller='${request_id}'
  sed -e "s#@PREFIX@#$dir#g" -e "s#@PORT@#$2#g" -e "s#@BACKEND@#127.0.0.1:$MODELHOST#g" -e "s#@CANARY@#127.0.0.1:$MODELHOST#g" \
    -e "s#@SHADOW@#${3:-}#g" -e "s#@CALLER@#$caller#g" -e "s/$mirror_mark//" bench/nginx/split-mirror.conf.template >"$dir/nginx.conf"
  nginx -c "$dir/nginx.conf" -p "$dir" &
  pids+=($!)
}
nginx_conf split "$NGINX_SPLIT"
nginx_conf split-mirror "$NGINX_FULL" "127.0.0.1:$SHADOW"
sleep 1

port_of() { case $1 in direct) echo $MODELHOST ;; yarp) echo $YARP ;; gw-split) echo $GW_SPLIT ;; nginx-split) echo $NGINX_SPLIT ;; gw-full) echo $GW_FULL ;;
  nginx-full) echo $NGINX_FULL ;; gw-before) echo $GW_BEFORE ;; gw-dead) echo $GW_DEAD ;; esac; }
pid_of() { case $1 in gw-split) echo $split_pid ;; gw-full) echo $full_pid ;; gw-before) echo $before_pid ;; *) echo "" ;; esac; }
for name in "${names[@]}" gw-dead; do DURATION=12 load "$(port_of "$name")" 32 1 >/dev/null; done

open_loop() { # open_loop <port> <rate> -> one RESULT line
  dotnet "$out/loadgen/LoadGen.dll" "http://127.0.0.1:$1/v1/models/churn:predict" "$out/churn.json" "$2" "$DURATION"
}
for name in "${names[@]}"; do
  : >"$out/fullpath-$name.txt"
  for rate in $RATES; do : >"$out/fullpath-$name-$rate.txt"; done
done
for name in "${single[@]}"; do : >"$out/fullpath-$name-c1.txt"; done
# Interleaved, in reverse order every other run, so drift and position touch every scenario alike.
for run in $(seq 1 "$RUNS"); do
  order=("${names[@]}")
  [ $((run % 2)) -eq 1 ] || mapfile -t order < <(printf '%s\n' "${names[@]}" | tac)
  for name in "${order[@]}"; do
    pid=$(pid_of "$name")
    if [ -n "$pid" ]; then load_cpu "$(port_of "$name")" 32 "$pid"; else load "$(port_of "$name")" 32 1; fi >>"$out/fullpath-$name.txt"
  done
  for name in "${single[@]}"; do load "$(port_of "$name")" 1 1 >>"$out/fullpath-$name-c1.txt"; done
  for rate in $RATES; do
    for name in "${order[@]}"; do open_loop "$(port_of "$name")" "$rate" >>"$out/fullpath-$name-$rate.txt"; done
  done
done
full_peak=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$full_pid/status")

# A dead ShadowCompare for DEAD_SECONDS at load: every answer is queued for mirroring and none can be sent.
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
: >"$out/fullpath-dead.txt"
: >"$out/fullpath-dead-rss.txt"
if [ "$DEAD_SECONDS" -gt 0 ]; then
  DURATION=$DEAD_SECONDS load "$GW_DEAD" 32 1 >"$out/fullpath-dead.txt" &
  load_pid=$!
  for second in $(seq 0 5 "$DEAD_SECONDS"); do
    echo "$second $(rss "$dead_pid")" >>"$out/fullpath-dead-rss.txt"
    [ "$second" -ge "$DEAD_SECONDS" ] || sleep 5
  done
  wait "$load_pid"
fi
dropped=$(curl -s "http://127.0.0.1:$((GW_DEAD + 1000))/metrics" | grep -E '^gateway_shadow_dropped_total' | awk '{s += $NF} END {print s + 0}')

ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
p99() { grep -oE 'p99_us=[0-9]+' "$1" | cut -d= -f2 | median; }
label() { case $1 in
  direct) echo "direct to ModelHost" ;; yarp) echo "YARP with nothing added (bench/YarpBaseline)" ;; gw-split) echo "gateway pass-through: validation + split 10 %, cache off" ;;
  nginx-split) echo "nginx split_clients 10 % + proxy_pass" ;; gw-full) echo "gateway full path: + mirroring 10 % to ShadowCompare" ;;
  nginx-full) echo "nginx split_clients + mirror 10 % to the shadow" ;;
  gw-before) echo "gateway full path at $BASELINE_COMMIT (before)" ;; esac; }
results="$out/fullpath.md"
{
  traffic_note
  echo
  echo "Closed loop, wrk, 32 connections, medians of $RUNS runs of ${DURATION} s:"
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for name in "${names[@]}"; do summarize "$(label "$name")" "$out/fullpath-$name.txt"; done
  echo
  echo "Gateway CPU per request: pass-through $(median_cpu "$out/fullpath-gw-split.txt") µs, full path $(median_cpu "$out/fullpath-gw-full.txt") µs" \
    "${BASELINE_COMMIT:+, full path at $BASELINE_COMMIT $(median_cpu "$out/fullpath-gw-before.txt") µs}."
  echo "Ratios: pass-through / nginx split $(ratio "$(median_rps "$out/fullpath-gw-split.txt")" "$(median_rps "$out/fullpath-nginx-split.txt")")x," \
    "pass-through / direct $(ratio "$(median_rps "$out/fullpath-gw-split.txt")" "$(median_rps "$out/fullpath-direct.txt")")x," \
    "full path / nginx split + mirror $(ratio "$(median_rps "$out/fullpath-gw-full.txt")" "$(median_rps "$out/fullpath-nginx-full.txt")")x throughput," \
    "p99 $(ratio "$(p99 "$out/fullpath-gw-full.txt")" "$(p99 "$out/fullpath-nginx-full.txt")")x," \
    "pass-through / YARP alone $(ratio "$(median_rps "$out/fullpath-gw-split.txt")" "$(median_rps "$out/fullpath-yarp.txt")")x."
  echo
  echo "One connection, medians of $RUNS runs of ${DURATION} s:"
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | errors |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for name in "${single[@]}"; do summarize "$(label "$name")" "$out/fullpath-$name-c1.txt"; done
  echo
  p50_direct=$(grep -oE 'p50_us=[0-9]+' "$out/fullpath-direct-c1.txt" | cut -d= -f2 | median)
  echo "Added p50 over direct at one connection: gateway full path" \
    "$(( $(grep -oE 'p50_us=[0-9]+' "$out/fullpath-gw-full-c1.txt" | cut -d= -f2 | median) - p50_direct )) µs," \
    "nginx split + mirror $(( $(grep -oE 'p50_us=[0-9]+' "$out/fullpath-nginx-full-c1.txt" | cut -d= -f2 | median) - p50_direct )) µs."
  for rate in $RATES; do
    echo
    echo "Open loop at $rate requests/s (bench/LoadGen, one body, no caller id), medians of $RUNS runs of ${DURATION} s;" \
      "latency from each request's due time:"
    echo
    echo "| scenario | answered/s | p50 ms | p99 ms | p99.9 ms | errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    for name in "${names[@]}"; do
      file="$out/fullpath-$name-$rate.txt"
      printf '| %s | %.0f | %.3f | %.3f | %.3f | %s |\n' "$(label "$name")" "$(median_rps "$file")" \
        "$(echo "$(grep -oE 'p50_us=[0-9]+' "$file" | cut -d= -f2 | median)/1000" | bc -l)" "$(echo "$(p99 "$file")/1000" | bc -l)" \
        "$(echo "$(grep -oE 'p999_us=[0-9]+' "$file" | cut -d= -f2 | median)/1000" | bc -l)" \
        "$(grep -oE 'errors=[0-9]+' "$file" | cut -d= -f2 | awk '{s+=$1} END {print s+0}')"
    done
  done
  echo
  echo "Gateway (full path) peak resident memory under this load (VmHWM): $full_peak MiB."
  echo
  if [ "$DEAD_SECONDS" -gt 0 ]; then
    echo "Dead ShadowCompare, mirroring 100 %, 32 connections for $DEAD_SECONDS s: $(grep RESULT "$out/fullpath-dead.txt" | sed 's/RESULT //');" \
      "records dropped and counted: $dropped. Gateway resident memory (MiB) every 5 s:" \
      "$(awk '{printf "%s%s", sep, $2; sep=", "}' "$out/fullpath-dead-rss.txt")."
  fi
} >"$results"
cat "$results"
