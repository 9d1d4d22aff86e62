#!/usr/bin/env bash
# The noise floor under the fault drills: the whole stack (bench/stack.sh) under the drills' open-loop load with no
# fault at all, in consecutive windows, with each window's p50/p99/p99.9 and every process's CPU seconds in it. The
# spread of p99 between windows that differ in nothing is the least a drill's p99 verdict can tell apart.
# Usage: bench/p99-spread.sh        (WINDOWS=8 WINDOW_SECONDS=30 RATE=300; the first window still warms up)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/artifacts/p99-spread"
RATE=${RATE:-300}
WINDOWS=${WINDOWS:-8}
WINDOW_SECONDS=${WINDOW_SECONDS:-30}

source bench/lib.sh
source bench/stack.sh
need_debian_packages redis-server:redis-server curl:curl
rm -rf "$out" && mkdir -p "$out" && build_stack >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
trap stop_stack EXIT
start_stack >/dev/null 2>&1
open_loop 20 >/dev/null

echo "| window | p50 ms | p99 ms | p99.9 ms | CPU s: $(IFS=/; echo "${stack_names[*]}") |"
echo "| ---: | ---: | ---: | ---: | --- |"
for ((w = 1; w <= WINDOWS; w++)); do
  before=$(stack_ticks)
  result=$(open_loop "$WINDOW_SECONDS")
  mapfile -t cpu < <(cpu_seconds "$before" "$(stack_ticks)")
  ms() { echo "$(echo "$result" | grep -oE "$1=[0-9]+" | cut -d= -f2) / 1000" | bc -l | xargs printf '%.2f'; }
  echo "| $w | $(ms p50_us) | $(ms p99_us) | $(ms p999_us) | $(IFS=/; echo "${cpu[*]}") |"
done
