# The whole stack on its own ports, for bench/faults.sh and bench/soak.sh: Redis, the gateway (Redis cache, canary 10 %,
# mirroring 50 %), two stable ModelHosts (churn 1.0.0), a canary (1.1.0), a shadow (2.0.0-rc.1) and ShadowCompare, each
# restartable on its own. Source it after setting $root and $out (the state folder); needs bench/lib.sh first.
GW=18780 STABLE1=18781 STABLE2=18782 CANARY=18783 SHADOW=18784 COMPARE=18790 REDIS=18779
declare -A pid
admin_token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
modelhost_token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')

build_stack() {
  mkdir -p "$out"
  dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
  dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
  dotnet build src/ShadowCompare -c Release -nologo -clp:ErrorsOnly -o "$out/shadowcompare"
  dotnet build bench/LoadGen -c Release -nologo -clp:ErrorsOnly -o "$out/loadgen"
  # A store of its own, so a drill can tamper with it; and 200,000 distinct bodies, so calls miss the cache.
  rm -rf "$out/store" && cp -r "$root/models" "$out/store"
  cp src/Gateway/flags.json "$out/flags.json"
  rm -f "$out/bodies.next"
  awk 'BEGIN { for (i = 0; i < 200000; i++) printf "{\"instances\":[{\"tenure_months\":%d,\"monthly_charges\":%d.%d,\"total_charges\":%d,\"support_calls\":%d,\"contract\":\"one-year\",\"payment_method\":\"bank-transfer\",\"paperless_billing\":%s,\"senior_citizen\":false}]}\n", i % 120, 20 + i % 97, i % 10, 100 + i, i % 7, (i % 2 ? "true" : "false") }' >"$out/bodies.jsonl"
}

start_redis() {
  redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  pid[redis]=$!
  until redis-cli -p "$REDIS" ping >/dev/null 2>&1; do sleep 0.1; done
}

start_host() { # start_host <name> <port> <churn version>
  (cd "$out/modelhost" && ModelHost__AdminToken="$modelhost_token" exec dotnet ModelHost.dll --urls "http://127.0.0.1:$2" \
    --ModelHost:Store="$out/store" --ModelHost:Models:churn="$3" --ModelHost:PinsFile="$out/pins-$1.json" \
    --Logging:LogLevel:Default=Warning >>"$out/$1.log" 2>&1) &
  pid[$1]=$!
  wait_for "http://127.0.0.1:$2/v2/health/ready"
}

start_compare() {
  (cd "$out/shadowcompare" && exec dotnet ShadowCompare.dll serve --urls "http://127.0.0.1:$COMPARE" --Logging:LogLevel:Default=Warning \
    --Logging:LogLevel:Microsoft.Extensions.Hosting.NativeHeapTrimmer=Debug \
    --ShadowCompare:Store="$out/shadowcompare.db" --ShadowCompare:Models:churn:Shadows:rc:Url="http://127.0.0.1:$SHADOW" >>"$out/shadowcompare.log" 2>&1) &
  pid[compare]=$!
  wait_for "http://127.0.0.1:$COMPARE/healthz"
}

start_gateway() { # start_gateway [<name> <port> [VAR=value ...]]: the stack's gateway, or another beside it with its own environment
  local name=${1:-gateway} port=${2:-$GW}
  shift $(($# < 2 ? $# : 2))
  (cd "$out/gateway" && { [ $# -eq 0 ] || export "$@"; } && Gateway__AdminToken="$admin_token" \
    exec dotnet Gateway.dll --urls "http://127.0.0.1:$port" --Gateway:SchemaDirectory="$root/schemas" --ConnectionStrings:Redis="127.0.0.1:$REDIS" \
    --Gateway:Cache:SigningKey=bench-cache-signing-key-0123456789abcdef \
    --Gateway:Canary:FlagsFile="$out/flags.json" --ControlPlane:Directory="$out" \
    --Gateway:Shadow:CompareUrl="http://127.0.0.1:$COMPARE" --Gateway:VersionPollSeconds=1 \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$STABLE1" \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-2:Address="http://127.0.0.1:$STABLE2" \
    --ReverseProxy:Clusters:churn-canary:Destinations:modelhost-canary-1:Address="http://127.0.0.1:$CANARY" \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Gateway=Information \
    --Logging:LogLevel:Microsoft.Extensions.Hosting.NativeHeapTrimmer=Debug >>"$out/$name.log" 2>&1) &
  pid[$name]=$!
  wait_for "http://127.0.0.1:$port/readyz"
}

start_stack() {
  start_redis
  start_host stable1 "$STABLE1" 1.0.0
  start_host stable2 "$STABLE2" 1.0.0
  start_host canary "$CANARY" 1.1.0
  start_host shadow "$SHADOW" 2.0.0-rc.1
  start_compare
  start_gateway
  pids+=("${pid[@]}")
}

start_slow_shadow() { # a backend on the shadow's port answering every call after 5 s (bench/Gateway.Bench, built into $out/gateway-bench)
  (cd "$out/gateway-bench" && exec dotnet Gateway.Bench.dll slow-backend "$SHADOW" 5000 >>"$out/slow.log" 2>&1) &
  pid[slow]=$!
  wait_for "http://127.0.0.1:$SHADOW/v2/health/ready"
  # Warmed with a few calls, so its start-up (JIT) is over before the fault is measured.
  local warming=()
  for _ in 1 2 3 4; do
    curl -s -o /dev/null -H 'Content-Type: application/json' --data '{}' "http://127.0.0.1:$SHADOW/v1/models/churn:predict" &
    warming+=($!)
  done
  wait "${warming[@]}"
}

stop_service() { # stop_service <name> [signal]: stops it and waits until it is gone
  kill -"${2:-TERM}" "${pid[$1]}" 2>/dev/null || true
  while kill -0 "${pid[$1]}" 2>/dev/null; do sleep 0.1; done
}

# The stack's processes, for per-process CPU: what holds the shadow's port may be the slow backend, or nothing.
stack_names=(gateway stable1 stable2 canary shadow compare redis)
stack_ticks() { # every stack process's CPU ticks now, one per line, in stack_names' order (0 for nothing)
  local n p
  for n in "${stack_names[@]}"; do
    p=${pid[$n]:-}
    [ "$n" != shadow ] || p=${pid[shadow]:-${pid[slow]:-}}
    if [ -n "$p" ] && [ -r "/proc/$p/stat" ]; then cpu_ticks "$p"; else echo 0; fi
  done
}
cpu_seconds() { # cpu_seconds <stack_ticks before> <stack_ticks after> -> each process's CPU seconds between, one per line
  paste <(echo "$1") <(echo "$2") | awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f\n", ($2 - $1) / hz}'
}

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

metric() { # metric <prometheus name> [port] [label="value" ...]: the sum of its series on the /metrics of the gateway on port (its admin listener, + 1000) that carry every label given
  local name=$1 port=${2:-$GW}
  shift $(($# < 2 ? $# : 2))
  curl -s "http://127.0.0.1:$((port + 1000))/metrics" | awk -v name="$name" -v labels="$*" 'BEGIN {n = split(labels, want, " ")}
    $1 == name || index($1, name "{") == 1 {for (i = 1; i <= n; i++) if (!index($1, want[i])) next; s += $NF} END {printf "%.0f", s + 0}'
}

admin() { # admin <method> <path> [json]
  curl -s -X "$1" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' ${3:+--data "$3"} "http://127.0.0.1:$((GW + 1000))$2"
}

# Every run goes on through the distinct bodies from where the last one (or, for runs at once, the one started before
# it) left off, so no run sends a body whose answer the shared cache still holds (Redis, 300 s): a run that started
# again from the first body would be answered from the cache and never reach the models.
open_loop() { # open_loop <seconds> [rate] [port]: one LoadGen run over the distinct bodies -> a RESULT line
  local rate=${2:-$RATE} first bodies
  first=$(flock "$out/bodies.next" bash -c 'n=$(cat "$1" 2>/dev/null); n=${n:-0}; echo $(((n + $2) % $3)) >"$1"; echo "$n"' _ \
    "$out/bodies.next" $((rate * ($1 + 2))) "$(wc -l <"$out/bodies.jsonl")") # LoadGen also sends for 2 s before it records
  bodies=$(mktemp "$out/bodies.XXXXXX")
  { tail -n +$((first + 1)) "$out/bodies.jsonl"; head -n "$first" "$out/bodies.jsonl"; } >"$bodies"
  dotnet "$out/loadgen/LoadGen.dll" "http://127.0.0.1:${3:-$GW}/v1/models/churn:predict" "$bodies" "$rate" "$1"
  rm -f "$bodies"
}

# Services restarted during a run have new pids: stop whatever each name holds now, then the rest.
stop_stack() { kill "${pid[@]}" 2>/dev/null || true; stop_all; }
trap stop_stack EXIT
