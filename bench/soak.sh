#!/usr/bin/env bash
# Soak: the whole stack (bench/stack.sh) under moderate open-loop load for a long while, with every process's resident
# memory sampled. Passes when no request failed and no process of ours grew by 10 % or more after the warm-up (its RSS at
# the end, and its peak in the last quarter, against its RSS when the warm-up ended). Redis is shown but not judged: it
# holds the result cache, which fills until entries expire (Gateway:Models:churn:CacheTtlSeconds, 300 s). Exit status 0
# passes, 1 fails.
# ./test.sh runs a short soak (tests/EndToEnd.Tests); the long one is the default here.
# Usage: bench/soak.sh              (SOAK_SECONDS=600 WARMUP_SECONDS=60 RATE=200; results in artifacts/soak/soak.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="${SOAK_DIR:-$root/artifacts/soak}"
SOAK_SECONDS=${SOAK_SECONDS:-600}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
RATE=${RATE:-200}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-10}

source bench/lib.sh
source bench/stack.sh
need_debian_packages redis-server:redis-server curl:curl bc:bc
rm -rf "$out" && mkdir -p "$out" && build_stack >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
echo "soak: starting the stack"
start_stack
services=(gateway stable1 stable2 canary shadow compare redis)

echo "soak: warming up for $WARMUP_SECONDS s at $RATE requests/s"
open_loop "$WARMUP_SECONDS" >/dev/null
echo "soak: $SOAK_SECONDS s at $RATE requests/s; resident memory every $SAMPLE_SECONDS s in $out/rss.tsv"
open_loop "$SOAK_SECONDS" >"$out/result.txt" &
load=$!
printf 'second\t%s\n' "$(IFS=$'\t'; echo "${services[*]}")" >"$out/rss.tsv"
for second in $(seq 0 "$SAMPLE_SECONDS" "$((SOAK_SECONDS + 2))"); do
  row="$second"
  for service in "${services[@]}"; do row+=$'\t'"$(rss_mib "${pid[$service]}")"; done
  echo "$row" >>"$out/rss.tsv"
  [ $((second % 60)) -ne 0 ] || echo "soak: ${second} s, gateway $(rss_mib "${pid[gateway]}") MiB"
  sleep "$SAMPLE_SECONDS"
done
wait "$load"

result=$(cat "$out/result.txt")
errors=$(echo "$result" | grep -oE 'errors=[0-9]+' | cut -d= -f2)
failed=0
{
  echo "Soak of $SOAK_SECONDS s at $RATE requests/s after $WARMUP_SECONDS s of warm-up: $(echo "$result" | sed 's/RESULT //')"
  echo
  echo "| process | RSS after warm-up, MiB | at the end | peak, last quarter | growth |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  column=2
  for service in "${services[@]}"; do
    read -r first last peak < <(awk -v c="$column" -v n="$(($(wc -l <"$out/rss.tsv") - 1))" \
      'NR == 2 {first = $c} NR > 1 {last = $c; if (NR - 1 > n * 3 / 4 && $c > peak) peak = $c} END {print first, last, peak}' "$out/rss.tsv")
    top=$(( last > peak ? last : peak ))
    growth=$(echo "($top - $first) * 100 / $first" | bc -l | xargs printf '%.1f')
    if [ "$service" = redis ]; then
      echo "| $service (the cache filling; not judged) | $first | $last | $peak | $growth % |"
    else
      echo "| $service | $first | $last | $peak | $growth % |"
      [ "$(echo "$growth < 10" | bc -l)" -eq 1 ] || failed=1
    fi
    column=$((column + 1))
  done
  # Each native heap trim is logged with its duration (event 901, NativeHeapTrimmer).
  echo
  for log in gateway shadowcompare; do
    trims=$(grep -A1 'NativeHeapTrimmer\[901\]' "$out/$log.log" | grep -oE 'in [0-9.]+ ms' | awk '{print $2}' | sort -n || true)
    [ -z "$trims" ] || echo "- $log, native heap trims (NativeHeap:TrimSeconds): $(echo "$trims" | wc -l), median $(echo "$trims" | median) ms, longest $(echo "$trims" | tail -1) ms."
  done
} >"$out/soak.md"
[ "$errors" -eq 0 ] || failed=1
cat "$out/soak.md"
if [ "$failed" -eq 0 ]; then echo "soak: passed"; else echo "soak: FAILED (errors or memory growth of 10 % or more)"; exit 1; fi
