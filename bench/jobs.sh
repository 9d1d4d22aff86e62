#!/usr/bin/env bash
# Batch jobs measured on loopback: one gateway, one ModelHost (churn 1.0.0), the result cache off so every row reaches
# the model. Writes docs/measurements/jobs.md with the command and:
#   1. throughput: the same ROWS distinct rows as a job (submit to succeeded) and through :predict one request at a
#      time (a client looping over the rows), interleaved over ROUNDS rounds; medians and their ratio;
#   2. online latency: open-loop :predict traffic at RATE/s of distinct bodies for WINDOW seconds, without a job and
#      with one of LATENCY_ROWS rows running throughout, interleaved over ROUNDS rounds; the median of each window's
#      p99 and their ratio.
# ROWS (default 20000), LATENCY_ROWS (400000), ROUNDS (3), RATE (200), WINDOW (15).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/artifacts/bench/jobs"
ROWS=${ROWS:-20000} LATENCY_ROWS=${LATENCY_ROWS:-400000} ROUNDS=${ROUNDS:-3} RATE=${RATE:-200} WINDOW=${WINDOW:-15}
rm -rf "$out"; mkdir -p "$out"
source bench/lib.sh
need_debian_packages curl:curl bc:bc

for project in src/Gateway src/ModelHost bench/LoadGen; do
  dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -o "$out/$(basename "$project" | tr '[:upper:]' '[:lower:]')" >/dev/null
done
MODELHOST=18881 GATEWAY=18880
start_modelhost $MODELHOST 1.0.0
wait_for "http://127.0.0.1:$MODELHOST/v2/health/ready"
(cd "$out/gateway" && exec dotnet Gateway.dll --urls "http://127.0.0.1:$GATEWAY" --Gateway:SchemaDirectory="$root/schemas" \
  --Gateway:Canary:FlagsFile="$root/src/Gateway/flags.json" --ControlPlane:Directory="$out/state" --Gateway:Jobs:Directory="$out/jobs" \
  --Gateway:Jobs:MaxActiveJobsPerCaller=100 --Gateway:Jobs:MaxDatasetBytes=268435456 --Gateway:Models:churn:CacheTtlSeconds=0 --Gateway:Models:churn:CanaryCluster= \
  --ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address="http://127.0.0.1:$MODELHOST" \
  --Logging:LogLevel:Default=Warning) &
pids+=($!)
trap stop_all EXIT
wait_for "http://127.0.0.1:$GATEWAY/readyz"

# Distinct rows: the evaluation set without its labels, each copy with its total charges moved by a cent per copy.
rows() { awk -v rows="$1" '{ sub(/,"churned":[a-z]+/, ""); line[NR - 1] = $0 } END {
  for (i = 0; i < rows; i++) { l = line[i % NR]; match(l, /"total_charges":[0-9.]+/); v = substr(l, RSTART + 16, RLENGTH - 16) + int(i / NR) / 100
    print substr(l, 1, RSTART + 15) v substr(l, RSTART + RLENGTH) } }' data/churn/eval.jsonl; }
rows "$ROWS" >"$out/rows.jsonl"
rows "$LATENCY_ROWS" >"$out/long.jsonl"
awk '{ print "{\"instances\":[" $0 "]}" }' "$out/rows.jsonl" >"$out/bodies.jsonl"
# The online traffic: other distinct bodies (a dollar per copy), so no window repeats another's.
awk '{ match($0, /"monthly_charges":[0-9.]+/); v = substr($0, RSTART + 18, RLENGTH - 18) + 0.5
  print substr($0, 1, RSTART + 17) v substr($0, RSTART + RLENGTH) }' "$out/bodies.jsonl" >"$out/online.jsonl"

field() { grep -oE "\"$1\": *(\"[^\"]*\"|[0-9]+)" | head -1 | sed -E 's/^"[^"]*": *"?//; s/"$//'; }
submit() { curl -sS -X POST "http://127.0.0.1:$GATEWAY/v1/models/churn/jobs" -H 'Content-Type: application/x-ndjson' --data-binary "@${1:-$out/rows.jsonl}" | field id; }
state() { curl -sS "http://127.0.0.1:$GATEWAY/v1/jobs/$1" | field state; }
job_rps() { # a whole job, submit to succeeded
  local started id
  started=$(date +%s.%N); id=$(submit)
  until [ "$(state "$id")" = succeeded ]; do sleep 0.05; done
  echo "($ROWS) / ($(date +%s.%N) - $started)" | bc -l
}
online() { "$out/loadgen/LoadGen" "http://127.0.0.1:$GATEWAY/v1/models/churn:predict" "$out/online.jsonl" "$RATE" "$WINDOW"; }

# Warm-up: JIT, connections, the ModelHost's sessions.
job_rps >/dev/null
"$out/loadgen/LoadGen" sequential "http://127.0.0.1:$GATEWAY/v1/models/churn:predict" "$out/bodies.jsonl" 500 >/dev/null

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round: throughput" >&2
  job_rps >>"$out/job-rps.txt"
  "$out/loadgen/LoadGen" sequential "http://127.0.0.1:$GATEWAY/v1/models/churn:predict" "$out/bodies.jsonl" "$ROWS" | grep -oE 'rps=[0-9.]+' | cut -d= -f2 >>"$out/predict-rps.txt"
done

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round: online latency" >&2
  online >>"$out/without.txt"
  id=$(submit "$out/long.jsonl")
  online >>"$out/with.txt"
  status=$(curl -sS "http://127.0.0.1:$GATEWAY/v1/jobs/$id")
  echo "$(field done <<<"$status")/$(field state <<<"$status")" >>"$out/rows-during-window.txt"
  curl -sS -X DELETE "http://127.0.0.1:$GATEWAY/v1/jobs/$id" >/dev/null
done

job=$(median <"$out/job-rps.txt"); predict=$(median <"$out/predict-rps.txt")
p99() { grep -oE 'p99_us=[0-9]+' "$1" | cut -d= -f2 | median; }
p50() { grep -oE 'p50_us=[0-9]+' "$1" | cut -d= -f2 | median; }
errors() { grep -oE 'errors=[0-9]+' "$1" | cut -d= -f2 | awk '{s+=$1} END {print s+0}'; }
without=$(p99 "$out/without.txt"); with=$(p99 "$out/with.txt")
{
  echo "# Batch jobs"
  echo
  echo "\`ROWS=$ROWS ROUNDS=$ROUNDS RATE=$RATE WINDOW=$WINDOW bench/jobs.sh\` on $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD), $(nproc) cores."
  echo "One gateway and one ModelHost (churn 1.0.0) on loopback, the result cache off (every row reaches the model),"
  echo "batches of 1,024 rows (the default), distinct rows throughout. Medians of interleaved rounds."
  echo
  echo "## Throughput: $ROWS rows"
  echo
  echo "| how | rows/s per round | median |"
  echo "| --- | --- | ---: |"
  echo "| a job (submit to succeeded) | $(paste -sd' ' "$out/job-rps.txt" | xargs printf '%.0f ') | $(printf '%.0f' "$job") |"
  echo "| \`:predict\` one request at a time | $(paste -sd' ' "$out/predict-rps.txt" | xargs printf '%.0f ') | $(printf '%.0f' "$predict") |"
  echo
  echo "A job answers **$(echo "$job / $predict" | bc -l | xargs printf '%.1f')×** as many rows a second (target ≥ 5×)."
  echo
  echo "## Online latency: $RATE :predict calls/s, open loop, ${WINDOW} s windows"
  echo
  echo "| window | p50 ms (median) | p99 ms per window | p99 ms (median) | errors |"
  echo "| --- | ---: | --- | ---: | ---: |"
  echo "| no job | $(echo "$(p50 "$out/without.txt") / 1000" | bc -l | xargs printf '%.2f') | $(grep -oE 'p99_us=[0-9]+' "$out/without.txt" | cut -d= -f2 | awk '{printf "%.2f ", $1 / 1000}') | $(echo "$without / 1000" | bc -l | xargs printf '%.2f') | $(errors "$out/without.txt") |"
  echo "| a job running | $(echo "$(p50 "$out/with.txt") / 1000" | bc -l | xargs printf '%.2f') | $(grep -oE 'p99_us=[0-9]+' "$out/with.txt" | cut -d= -f2 | awk '{printf "%.2f ", $1 / 1000}') | $(echo "$with / 1000" | bc -l | xargs printf '%.2f') | $(errors "$out/with.txt") |"
  echo
  echo "With a job of $LATENCY_ROWS rows running, the online p99 is **$(echo "$with / $without" | bc -l | xargs printf '%.2f')×** that without (target ≤ 1.2×)."
  echo "The job had answered $(paste -sd' ' "$out/rows-during-window.txt") (rows/state) when each window ended$(grep -qv '/running$' "$out/rows-during-window.txt" && echo ': it did NOT run throughout every window' || echo ', so it ran throughout'),"
  echo "in batches of 16 rows, pausing 3 times as long as each took, while online calls came (BatchSizeWhileOnline, PauseFactor)."
} >"$root/docs/measurements/jobs.md"
cat "$root/docs/measurements/jobs.md"
