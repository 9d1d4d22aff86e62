# Shared by the bench/*.sh scripts: installing the load tools, starting and waiting for services, running wrk, and
# turning its RESULT lines into a table row. Source it after setting $root and $out.

need_debian_packages() { # need_debian_packages command:package ...
  local need=()
  for tool in "$@"; do command -v "${tool%%:*}" >/dev/null || need+=("${tool##*:}"); done
  if [ ${#need[@]} -gt 0 ]; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
  fi
}

# The gateway's service token to ShadowCompare, in the environment of every process a bench starts: the gateways
# present it, ShadowCompare takes it for records and for reads (curl a report with "${compare_auth[@]}").
compare_token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export Gateway__Shadow__CompareToken="$compare_token" ShadowCompare__IngestTokens__gateway="$compare_token" ShadowCompare__ReadTokens__gateway="$compare_token"
compare_auth=(-H "Authorization: Bearer $compare_token")

# What the closed-loop load (load, load_cpu) sends, chosen by $TRAFFIC when each runs:
#   realistic (the default)  every request a body and a caller never seen before (bench/wrk-realistic.lua), sent with
#                            the key below, which every gateway a bench starts trusts to name its callers in X-User-Id
#   same-body                the best case: $out/churn.json every time and no caller id (bench/wrk-post.lua), so a
#                            cache hits after the first call and the canary split is a random draw
TRAFFIC=${TRAFFIC:-realistic}
case $TRAFFIC in
  realistic | same-body) ;;
  *) echo "TRAFFIC must be realistic or same-body, not '$TRAFFIC'" >&2; exit 2 ;;
esac
bench_api_key=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export Gateway__Access__ApiKeys__bench__Key="$bench_api_key" Gateway__Access__ApiKeys__bench__Trusted=true
traffic_note() { # one sentence on the traffic $TRAFFIC sends, for a results header
  case $TRAFFIC in
    realistic) echo "Traffic: realistic, every request a distinct body and a caller never seen before (bench/wrk-realistic.lua)." ;;
    same-body) echo "Traffic: same-body, the best case: one body every time and no caller id (bench/wrk-post.lua)." ;;
  esac
}

pids=()
stop_all() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop_all EXIT
wait_for() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not ready: $1" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

summarize() { # summarize <label> <file of RESULT lines> -> a table row with medians
  local rps p50 p99 errors
  rps=$(grep -oE 'rps=[0-9.]+' "$2" | cut -d= -f2 | median)
  p50=$(grep -oE 'p50_us=[0-9]+' "$2" | cut -d= -f2 | median)
  p99=$(grep -oE 'p99_us=[0-9]+' "$2" | cut -d= -f2 | median)
  errors=$(grep -oE 'errors=[0-9]+' "$2" | cut -d= -f2 | awk '{s+=$1} END {print s+0}')
  printf '| %s | %.0f | %.3f | %.3f | %s |\n' "$1" "$rps" "$(echo "$p50/1000" | bc -l)" "$(echo "$p99/1000" | bc -l)" "$errors"
}

median_rps() { grep -oE 'rps=[0-9.]+' "$1" | cut -d= -f2 | median; }

load() { # load <port> <connections> [runs] -> RESULT lines ending traffic=$TRAFFIC; POSTs to churn:predict
  local threads=1 script=wrk-realistic.lua; [ "$2" -gt 1 ] && threads=2
  [ "$TRAFFIC" = realistic ] || script=wrk-post.lua
  for _ in $(seq 1 "${3:-$RUNS}"); do
    API_KEY="$bench_api_key" BODY_FILE="$out/churn.json" wrk -t"$threads" -c"$2" -d"${DURATION}s" -s "$root/bench/$script" \
      "http://127.0.0.1:$1/v1/models/churn:predict" | grep RESULT | sed "s/\$/ traffic=$TRAFFIC/"
  done
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system CPU of a process, in clock ticks

load_cpu() { # load_cpu <port> <connections> <pid> -> one RESULT line plus cpu_us=, the process's CPU time per request
  local before after line rps
  before=$(cpu_ticks "$3")
  line=$(load "$1" "$2" 1)
  after=$(cpu_ticks "$3")
  rps=$(echo "$line" | grep -oE 'rps=[0-9.]+' | cut -d= -f2)
  echo "$line cpu_us=$(echo "($after - $before) * 1000000 / $(getconf CLK_TCK) / ($rps * $DURATION)" | bc -l | xargs printf '%.1f')"
}

median_cpu() { grep -oE 'cpu_us=[0-9.]+' "$1" | cut -d= -f2 | median; }

start_modelhost() { # start_modelhost <port> <churn version> [nice level]: a ModelHost from $out/modelhost serving churn
  (cd "$out/modelhost" && exec nice -n "${3:-0}" dotnet ModelHost.dll --urls "http://127.0.0.1:$1" --ModelHost:Store="$root/models" \
    --ModelHost:Models:churn="$2" --ModelHost:PinsFile="$out/pins-$1.json" --Logging:LogLevel:Default=Warning) &
  pids+=($!)
  wait_for "http://127.0.0.1:$1/v2/health/ready"
}

start_shadowcompare() { # start_shadowcompare <port> <shadow url> [nice level]: a fresh ShadowCompare from $out/shadowcompare comparing churn
  rm -f "$out/compare-$1.db"*
  (cd "$out/shadowcompare" && exec nice -n "${3:-0}" dotnet ShadowCompare.dll serve --urls "http://127.0.0.1:$1" --Logging:LogLevel:Default=Warning \
    --ShadowCompare:Store="$out/compare-$1.db" --ShadowCompare:Models:churn:Shadows:next:Url="$2") &
  pids+=($!)
  wait_for "http://127.0.0.1:$1/healthz"
}
