#!/usr/bin/env bash
# The gateway's native heap (docs/measurements/soak.md): the whole stack (bench/stack.sh) with its gateway as shipped, and
# beside it the same build under other environments, each under its own open-loop load at the same rate; every 30 s
# each one's resident memory and the anonymous part of it (where glibc's malloc arenas and the GC heap live).
# The default variants: MALLOC_ARENA_MAX=2 in the environment (glibc applies it from the first instruction, where the
# gateway's own cap comes only at Main), and glibc's own default on two cores (16 arenas, which the environment variable
# makes the gateway leave alone) with trimming off, which is how the gateway ran before NativeHeap.
# A variant is a comma-separated list of VAR=value.
# Usage: bench/native-heap.sh [variant ...]   (RATE=150 DURATION=390 by default; results in artifacts/native-heap/native-heap.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="${NATIVE_HEAP_DIR:-$root/artifacts/native-heap}"
RATE=${RATE:-150}
SECONDS_TOTAL=${DURATION:-390}
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(MALLOC_ARENA_MAX=2 MALLOC_ARENA_MAX=16,NativeHeap__TrimSeconds=0)

source bench/lib.sh
source bench/stack.sh
need_debian_packages redis-server:redis-server curl:curl
rm -rf "$out" && mkdir -p "$out" && build_stack >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
start_stack
names=(gateway) ports=("$GW") labels=("as shipped")
for i in "${!variants[@]}"; do
  IFS=, read -ra settings <<<"${variants[$i]}"
  start_gateway "variant$i" $((18786 + i)) "${settings[@]}"
  names+=("variant$i") ports+=($((18786 + i))) labels+=("${variants[$i]}")
done

anon_mib() { awk '/^Anonymous/ {printf "%.0f", $2 / 1024}' "/proc/$1/smaps_rollup"; }
loads=()
for i in "${!names[@]}"; do open_loop "$SECONDS_TOTAL" "$RATE" "${ports[$i]}" >"$out/${names[$i]}.result" & loads+=($!); done
echo "native-heap: ${#names[@]} gateways at $RATE requests/s each for $SECONDS_TOTAL s; samples in $out/samples.tsv"
printf 'second\t%s\n' "$(IFS=$'\t'; echo "${names[*]}")" >"$out/samples.tsv"
for second in $(seq 0 30 "$SECONDS_TOTAL"); do
  row="$second"
  for name in "${names[@]}"; do row+=$'\t'"$(rss_mib "${pid[$name]}")/$(anon_mib "${pid[$name]}")"; done
  echo "$row" | tee -a "$out/samples.tsv"
  sleep 30
done
wait "${loads[@]}"

{
  echo "${#names[@]} gateways of the same build side by side on one stack, each at $RATE requests/s for $SECONDS_TOTAL s."
  echo "Resident memory / its anonymous part, MiB, at 60 s (after warm-up), at the end, and the peak after 60 s:"
  echo
  echo "| gateway | at 60 s | at the end | peak | growth from 60 s | load |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  for i in "${!names[@]}"; do
    read -r first last peak < <(awk -F'\t' -v c=$((i + 2)) 'NR > 1 && $1 >= 60 { split($c, m, "/"); if (first == "") first = $c; last = $c; if (m[1] > top) { top = m[1]; peak = $c } }
      END { print first, last, peak }' "$out/samples.tsv")
    growth=$(echo "(${peak%/*} - ${first%/*}) * 100 / ${first%/*}" | bc -l | xargs printf '%.1f')
    echo "| ${labels[$i]} | $first | $last | $peak | $growth % | $(sed 's/RESULT //' "$out/${names[$i]}.result") |"
  done
} >"$out/native-heap.md"
cat "$out/native-heap.md"
