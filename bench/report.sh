#!/usr/bin/env bash
# Writes docs/measurements/benchmarks.md to stdout from the results the bench/*.sh scripts left in artifacts/bench: the machine, the
# commands, every table, and each target with its measured ratio and verdict. bench/all.sh runs it last.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench
source bench/lib.sh
trap - EXIT

cell() { # cell <file> <scenario label> <column: 3 requests/s, 4 p50 ms, 5 p99 ms>
  awk -F'|' -v label="$2" -v col="$3" '{l = $2; gsub(/^ +| +$/, "", l)} l == label {v = $col; gsub(/ /, "", v); print v; exit}' "$1"
}
calc() { echo "$1" | bc -l | xargs printf "%.${2:-2}f"; }
verdict() { if [ "$(echo "$1" | bc -l)" -eq 1 ]; then echo met; else echo "**missed**"; fi; } # verdict <bc condition>
about() { sed -n '2,/^set -euo/p' "$1" | grep '^#' | sed 's/^# \{0,1\}//'; } # a script's header comment
section() { # section <title> <script> <results file>
  echo "## $1"
  echo
  echo '```sh'
  echo "$2"
  echo '```'
  echo
  about "$2" | sed 's/^/> /'
  echo
  cat "$3"
  echo
}

mh=$out/modelhost.md gw=$out/gateway.md ca=$out/canary.md sh=$out/shadow.md fp=$out/fullpath.md
onnx=$(grep -oE 'Microsoft.ML.OnnxRuntime" Version="[^"]+' Directory.Packages.props | cut -d'"' -f3)
. /etc/os-release

echo "# Benchmarks"
echo
echo "Written by \`bench/all.sh\` on $(date -u '+%Y-%m-%d') at commit $(git rev-parse --short HEAD): do not edit by hand; run it again."
echo "What the figures mean is in [the performance guide](../performance.md); what was changed because of them, in [performance-history.md](performance-history.md)."
echo
echo "## Machine and method"
echo
echo "- $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB, no GPU; $PRETTY_NAME, Linux $(uname -r)"
echo "- .NET $(dotnet --version), ONNX Runtime $onnx (CPU), $(nginx -v 2>&1 | sed 's/nginx version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), Redis $(redis-server --version | grep -oE 'v=[0-9.]+' | cut -d= -f2)"
echo "- Load generators, proxies and backends all share these cores over 127.0.0.1, so every figure is compared with its"
echo "  baseline **measured in the same run** (as a ratio), never across runs: this machine drifts by ±10 % and more."
echo "- Closed loop: \`wrk\` at a fixed number of connections (each waits for its answer before sending again)."
echo "  Open loop: \`bench/LoadGen\` sends at a fixed rate whatever the answers do, and times each request from when it was"
echo "  due, so a stall shows as queueing (no coordinated omission). It is a .NET HttpClient and costs more CPU per request"
echo "  than wrk; compare open-loop rows with each other."
echo "- Closed-loop traffic: \`TRAFFIC=${TRAFFIC:-realistic}\` (bench/README.md). Realistic: every request a distinct body and a"
echo "  caller never seen before, so nothing is cached and every caller is assigned anew; same-body, the best case: one body"
echo "  and no caller id. Cache-hit rows send one body either way."
echo "- Each figure is the median of \`RUNS\` runs (3 by default) after a discarded warm-up of 12 s; scenarios are interleaved"
echo "  run by run, in reverse order every other run, so drift touches them alike."
echo
echo "Command (about 45 minutes):"
echo
echo '```sh'
echo "bench/all.sh                  # RUNS=3 DURATION=10; each section's script also runs alone, as shown below"
echo '```'
echo

direct1=$(cell "$gw" "direct to ModelHost, 1 connection(s)" 4) gateway1=$(cell "$gw" "gateway, cache off, 1 connection(s)" 4)
gw32=$(cell "$gw" "gateway, cache off, 32 connection(s)" 3) nginx32=$(cell "$gw" "nginx reverse proxy, 32 connection(s)" 3)
redis=$(cell "$gw" "gateway cache hits, Redis, 32 connections" 3) redis99=$(cell "$gw" "gateway cache hits, Redis, 32 connections" 5)
memory=$(cell "$gw" "gateway cache hits, in-memory, 32 connections" 3)
off32=$(cell "$mh" "churn, 32 connections, batching off" 3) on32=$(cell "$mh" "churn, 32 connections, batching on" 3)
off99=$(cell "$mh" "churn, 32 connections, batching off" 5) on99=$(cell "$mh" "churn, 32 connections, batching on" 5)
off1=$(cell "$mh" "churn, 1 connection, batching off" 3) on1=$(cell "$mh" "churn, 1 connection, batching on" 3)
inproc=$(cell "$mh" "ResNet18, ONNX Runtime in-process, 2 threads" 3) binary=$(cell "$mh" "ResNet18, ModelHost HTTP infer, binary tensor, 2 connections" 3)
stable=$(cell "$ca" "gateway, stable only, 32 connections" 3) split=$(cell "$ca" "gateway, canary split at 10 %, 32 connections" 3)
none=$(cell "$sh" "gateway, no mirroring" 3) none99=$(cell "$sh" "gateway, no mirroring" 5)
fast=$(cell "$sh" "gateway, mirroring 100 %, real shadow ModelHost" 3)
slow=$(cell "$sh" "gateway, mirroring 100 %, shadow taking 200 ms" 3) slow99=$(cell "$sh" "gateway, mirroring 100 %, shadow taking 200 ms" 5)
full=$(cell "$fp" "gateway full path: + mirroring 10 % to ShadowCompare" 3) full99=$(cell "$fp" "gateway full path: + mirroring 10 % to ShadowCompare" 5)
nfull=$(cell "$fp" "nginx split_clients + mirror 10 % to the shadow" 3) nfull99=$(cell "$fp" "nginx split_clients + mirror 10 % to the shadow" 5)
peak=$(grep -oE 'VmHWM\): [0-9]+' "$fp" | grep -oE '[0-9]+$')
rss=$(grep -oE 'every 5 s: [0-9, ]+' "$fp" | sed 's/every 5 s: //')
rss_first=$(echo "$rss" | cut -d, -f2 | tr -d ' ') rss_max=$(echo "$rss" | tr ',' '\n' | tail -n +2 | sort -n | tail -1 | tr -d ' ')

echo "## Targets"
echo
echo "| target | measured in this run | verdict |"
echo "| --- | --- | --- |"
echo "| ResNet18 over HTTP ≥ 0.8× in-process | binary tensor $binary / $inproc = $(calc "$binary / $inproc")× | $(verdict "$binary / $inproc >= 0.8") |"
echo "| churn, 32 callers: batching ≥ 3× unbatched | $on32 / $off32 = $(calc "$on32 / $off32")× | $(verdict "$on32 / $off32 >= 3") |"
echo "| churn, 32 callers: batched p99 ≤ 2× unbatched | $on99 / $off99 ms = $(calc "$on99 / $off99")× | $(verdict "$on99 / $off99 <= 2") |"
echo "| churn, 1 caller: batching costs nothing (within the ±10 % noise) | $on1 / $off1 = $(calc "$on1 / $off1")× | $(verdict "$on1 / $off1 >= 0.9") |"
echo "| gateway adds ≤ 150 µs p50 at 1 connection | $gateway1 − $direct1 ms = $(calc "($gateway1 - $direct1) * 1000" 0) µs | $(verdict "($gateway1 - $direct1) * 1000 <= 150") |"
echo "| gateway throughput at 32 connections ≥ nginx | $gw32 / $nginx32 = $(calc "$gw32 / $nginx32")× | $(verdict "$gw32 >= $nginx32") |"
echo "| cache hits with Redis ≥ 10,000/s, p99 < 5 ms | $redis/s, p99 $redis99 ms (in-memory: $memory/s, $(calc "$redis / $memory")× of it) | $(verdict "$redis >= 10000 && $redis99 < 5") |"
echo "| canary split ≥ 0.95× stable-only throughput | $split / $stable = $(calc "$split / $stable")× | $(verdict "$split / $stable >= 0.95") |"
echo "| mirroring 100 % ≥ 0.9× no mirroring | real shadow $(calc "$fast / $none")×, 200 ms shadow $(calc "$slow / $none")× | $(verdict "$fast / $none >= 0.9 && $slow / $none >= 0.9") |"
echo "| 200 ms shadow: primary p99 within 10 % | $slow99 / $none99 ms = $(calc "$slow99 / $none99")× | $(verdict "$slow99 / $none99 <= 1.1") |"
echo "| full path (validation, split, mirroring 10 %) ≥ nginx split + mirror, p99 no worse | $full / $nfull = $(calc "$full / $nfull")× throughput, p99 $(calc "$full99 / $nfull99")× | $(verdict "$full >= $nfull && $full99 <= $nfull99") |"
echo "| gateway ≤ 200 MB resident under load | full path peak $peak MiB | $(verdict "$peak <= 200") |"
echo "| dead shadow for 60 s at load: memory flat | $rss MiB (from 5 s on, at most $(calc "$rss_max / $rss_first")× the 5 s sample) | $(verdict "$rss_max <= $rss_first * 1.1") |"
echo

section "ModelHost" bench/modelhost.sh "$mh"
section "Gateway: added latency, nginx, YARP alone, cache hits" bench/gateway.sh "$gw"
section "Canary split" bench/canary.sh "$ca"
section "Shadow mirroring against nginx's mirror" bench/shadow.sh "$sh"
section "Full path against nginx split_clients + mirror, closed and open loop, memory" bench/fullpath.sh "$fp"
section "Garbage collector: server against workstation" bench/gc.sh "$out/gc.md"
echo "## Profile of the gateway's hot path"
echo
echo '```sh'
echo "bench/profile.sh; GATEWAY_COMMIT=dffbb8f bench/profile.sh   # now, and before the profile's fixes"
echo '```'
echo
about bench/profile.sh | sed 's/^/> /'
echo
for file in "$out/profile-dffbb8f.md" "$out/profile.md"; do
  [ -f "$file" ] || continue
  sed -n '1,3p' "$file"
  sed -n '/^| type/,$p' "$file" | head -12
  echo
done
