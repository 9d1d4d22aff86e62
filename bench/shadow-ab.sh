#!/usr/bin/env bash
# The shadow drills' latency target side by side: "shadow ModelHost dead, or 5 s slow, for 60 s: zero primary errors,
# primary p99 within 10 %". One stack (bench/stack.sh) under the fault drills' open-loop load, with windows of no fault,
# shadow dead and shadow slow interleaved over ROUNDS rounds (none, dead, none, slow, and a last none), so every fault
# window has a no-fault window on either side. A fault window is a whole fault of WINDOW_SECONDS, measured from its
# onset (the slow backend is started and warmed first: its start-up is not the fault); a no-fault window starts
# SETTLE_SECONDS after the shadow is back (load, not measured: a restarted ModelHost compiles its hot code first).
# Per window: p50/p99, errors and each process's CPU seconds. The verdict: no errors, and the median over rounds of
# each fault window's p99 against the mean of its two neighbours' is at most 1.10. On two shared cores the machine
# has noisy spells of tens of seconds that can triple one window's p99; pairing each fault window with its neighbours
# and taking the median over rounds keeps one such spell from deciding. Each condition's latencies pooled into one
# p50/p99 are shown too.
# Usage: bench/shadow-ab.sh    (ROUNDS=5 WINDOW_SECONDS=60 SETTLE_SECONDS=15 RATE=300; about 25 minutes; writes
#                               docs/measurements/shadow-faults.md)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/artifacts/shadow-ab"
RATE=${RATE:-300}
ROUNDS=${ROUNDS:-5}
WINDOW_SECONDS=${WINDOW_SECONDS:-60}
SETTLE_SECONDS=${SETTLE_SECONDS:-15}

source bench/lib.sh
source bench/stack.sh
need_debian_packages redis-server:redis-server curl:curl bc:bc
rm -rf "$out" && mkdir -p "$out" && build_stack >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet build bench/Gateway.Bench -c Release -nologo -clp:ErrorsOnly -o "$out/gateway-bench" >>"$out/build.log" 2>&1
start_stack >/dev/null 2>&1
open_loop 20 >/dev/null # warm-up

# What answers on the shadow's port: the shadow ModelHost (none), nothing (dead), or a backend answering after 5 s (slow).
state=none
shadow_is() {
  [ "$1" != "$state" ] || return 0
  state=$1
  [ -z "${pid[shadow]:-}" ] || { stop_service shadow KILL; unset 'pid[shadow]'; }
  [ -z "${pid[slow]:-}" ] || { stop_service slow; unset 'pid[slow]'; }
  case $1 in
    none) start_host shadow "$SHADOW" 2.0.0-rc.1 ;;
    slow) start_slow_shadow ;;
  esac
}
pooled() { # pooled <quantile> <latency files...> -> ms
  local q=$1
  shift
  cat "$@" | sort -n | awk -v q="$q" '{a[NR] = $1} END {r = int(q * NR); if (r < q * NR) r++; printf "%.2f", a[r] / 1000}'
}
field() { echo "$1" | grep -oE "$2=[0-9]+" | cut -d= -f2; }

rows="$out/rows.md"
: >"$rows"
declare -A errors=([none]=0 [dead]=0 [slow]=0) sent=([none]=0 [dead]=0 [slow]=0) cpu_sum=()
p99s=() # every window's p99 (ms), in order: none dead none slow per round, then the last none
window() { # window <round> <condition>: one measured window under the condition in force
  local before result cpu i
  before=$(stack_ticks)
  result=$(LOADGEN_LATENCIES="$out/latencies-$2-$1-$RANDOM.txt" open_loop "$WINDOW_SECONDS")
  mapfile -t cpu < <(cpu_seconds "$before" "$(stack_ticks)")
  for i in "${!stack_names[@]}"; do cpu_sum[$2,${stack_names[$i]}]=$(echo "${cpu_sum[$2,${stack_names[$i]}]:-0} + ${cpu[$i]}" | bc -l); done
  errors[$2]=$((${errors[$2]} + $(field "$result" errors))); sent[$2]=$((${sent[$2]} + $(field "$result" sent)))
  p99s+=("$(echo "$(field "$result" p99_us) / 1000" | bc -l)")
  printf '| %s | %s | %s | %s | %.2f | %.2f | %s |\n' "$1" "$2" "$(field "$result" sent)" "$(field "$result" errors)" \
    "$(echo "$(field "$result" p50_us) / 1000" | bc -l)" "$(echo "$(field "$result" p99_us) / 1000" | bc -l)" "$(IFS=/; echo "${cpu[*]}")" | tee -a "$rows"
}

for ((r = 1; r <= ROUNDS; r++)); do
  for condition in none dead none slow; do
    restarted=$([ "$condition" = none ] && [ "$state" != none ] && echo 1 || true)
    shadow_is "$condition"
    [ -z "$restarted" ] || open_loop "$SETTLE_SECONDS" >/dev/null
    window "$r" "$condition"
  done
done
shadow_is none
open_loop "$SETTLE_SECONDS" >/dev/null
window "$ROUNDS" none

ratios() { # ratios <offset in the round: 1 dead, 3 slow> -> each round's fault p99 over the mean of its neighbours'
  local r i
  for ((r = 0; r < ROUNDS; r++)); do
    i=$((r * 4 + $1))
    echo "${p99s[$i]} / ((${p99s[$((i - 1))]} + ${p99s[$((i + 1))]}) / 2)" | bc -l | xargs printf '%.3f\n'
  done
}

windows() { ls "$out"/latencies-"$1"-*.txt | wc -l; }
summary="$out/summary.md"
{
  echo "| condition | windows | requests | errors | p50 ms (pooled) | p99 ms (pooled) | p99 against none | mean CPU s per window: $(IFS=/; echo "${stack_names[*]}") |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  none_p99=$(pooled 0.99 "$out"/latencies-none-*.txt)
  for condition in none dead slow; do
    p99=$(pooled 0.99 "$out"/latencies-"$condition"-*.txt)
    count=$(windows "$condition")
    cpu=()
    for n in "${stack_names[@]}"; do cpu+=("$(echo "${cpu_sum[$condition,$n]} / $count" | bc -l | xargs printf '%.1f')"); done
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$condition" "$count" "${sent[$condition]}" "${errors[$condition]}" \
      "$(pooled 0.50 "$out"/latencies-"$condition"-*.txt)" "$p99" "$(echo "$p99 / $none_p99" | bc -l | xargs printf '%.3f×')" "$(IFS=/; echo "${cpu[*]}")"
  done
} >"$summary"
verdict() { # verdict <condition> <offset>: met when no errors and the median paired ratio is at most 1.10
  local median
  median=$(ratios "$2" | median)
  printf 'median %s× (rounds: %s); %s errors: ' "$median" "$(ratios "$2" | paste -sd ' ')" "${errors[$1]}"
  [ "${errors[$1]}" -eq 0 ] && [ "$(echo "$median <= 1.1" | bc -l)" -eq 1 ] && echo met || echo '**failed**'
}
none_p99=$(pooled 0.99 "$out"/latencies-none-*.txt)
. /etc/os-release
{
  echo "# Shadow faults side by side: the primary's latency"
  echo
  echo "Written by \`bench/shadow-ab.sh\` on $(date -u '+%Y-%m-%d') at commit $(git rev-parse --short HEAD): do not edit by hand; run"
  echo "it again. The other drills, and the shadow drills' errors and records, are in [reliability.md](reliability.md)."
  echo
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $PRETTY_NAME; every process shares these cores."
  echo
  echo '```sh'
  echo "bench/shadow-ab.sh             # ROUNDS=$ROUNDS WINDOW_SECONDS=$WINDOW_SECONDS SETTLE_SECONDS=$SETTLE_SECONDS RATE=$RATE"
  echo '```'
  echo
  sed -n '2,/^set -euo/p' bench/shadow-ab.sh | grep '^#' | sed 's/^# \{0,1\}/> /'
  echo
  echo "| target | each fault window's p99 over its neighbours', and errors: result |"
  echo "| --- | --- |"
  echo "| shadow dead for $WINDOW_SECONDS s: no primary errors, p99 within 10 % of no fault's | $(verdict dead 1) |"
  echo "| shadow 5 s slow for $WINDOW_SECONDS s: the same | $(verdict slow 3) |"
  echo
  cat "$summary"
  echo
  echo "Every window (CPU seconds in the window, per process: $(IFS=/; echo "${stack_names[*]}"); the shadow column is whatever"
  echo "held the shadow's port: the ModelHost, nothing, or the slow backend):"
  echo
  echo "| round | condition | requests | errors | p50 ms | p99 ms | CPU s |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | --- |"
  cat "$rows"
} >"$out/shadow-faults.md"
cat "$out/shadow-faults.md"
cp "$out/shadow-faults.md" docs/measurements/shadow-faults.md
