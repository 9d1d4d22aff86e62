#!/usr/bin/env bash
# Rehearses docs/release.md end to end against a fresh ./run.sh stack (its own state folder), one command per step,
# checking each step's outcome. Exits 0 and prints "rehearsal passed", or stops at the first step that fails.
# Needs the ports ./run.sh uses (8080-8083, 8090, 9080) to be free. Takes a few minutes (build, then ~4,000 requests).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export RUN_DIR="${RUN_DIR:-$(mktemp -d)}"
gatewayctl="$root/tools/gatewayctl"
log="$RUN_DIR/run.log"

for port in 8080 9080 8081 8082 8083 8090; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "rehearsal: port $port is in use; stop what listens there first" >&2; exit 2; fi
done
./run.sh >"$log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "rehearsal FAILED: $*" >&2; grep -iE "fail|warn|error|crit" "$log" | tail -20 >&2; exit 1; }
wait_for() { for _ in $(seq 1 900); do curl -sf "$1" >/dev/null 2>&1 && return 0; kill -0 $stack 2>/dev/null || fail "run.sh exited"; sleep 0.2; done; fail "not ready: $1"; }
# Traffic from many callers, each body a row of the evaluation set; no-cache, so every call reaches a model.
traffic() {
  local i=0
  head -n "$1" data/churn/eval.jsonl | sed -E 's/,"churned":(true|false)//' | while read -r row; do
    i=$((i + 1))
    code=$(curl -s -o "$RUN_DIR/answer" -w '%{http_code}' -X POST http://127.0.0.1:8080/v1/models/churn:predict \
      -H 'content-type: application/json' -H 'cache-control: no-cache' -H "X-Api-Key: $api_key" -H "X-User-Id: customer-$i" -d "{\"instances\":[$row]}")
    [ "$code" = 200 ] || { echo "request $i answered $code: $(cat "$RUN_DIR/answer")" >&2; return 1; }
  done
}
field() { grep -oE "\"$1\":[^,}]*" | head -1 | cut -d: -f2- | tr -d '"'; }

step "0. the stack (./run.sh) comes up"
for url in 8080/readyz 9080/readyz 8081/v2/health/ready 8082/v2/health/ready 8083/v2/health/ready 8090/healthz; do wait_for "http://127.0.0.1:$url"; done
export GATEWAY_ADMIN_TOKEN; GATEWAY_ADMIN_TOKEN=$(cat "$RUN_DIR/admin-token")
modelhost_token=$(cat "$RUN_DIR/modelhost-token")
report_token=$(cat "$RUN_DIR/report-token")
api_key=$(cat "$RUN_DIR/api-key")
shadowcompare="dotnet $RUN_DIR/shadowcompare/ShadowCompare.dll"
"$gatewayctl" canary churn 0 "rehearsal: start from stable only" >/dev/null

step "1. publish: the candidate churn 1.1.0 is in the store, its weights verified by sha256"
curl -sf -X POST -H "Authorization: Bearer $modelhost_token" http://127.0.0.1:8083/v2/repository/index | grep -q '"version":"1.1.0"' || fail "1.1.0 is not in the store"

step "2. offline diff: 1.0.0 against 1.1.0 over the evaluation set, before any traffic"
$shadowcompare diff --store "$RUN_DIR/offline.db" --out "$RUN_DIR/reports" --model churn --baseline 1.0.0 --candidate 1.1.0 \
  --dataset data/churn/eval.jsonl | tail -3

step "3. shadow: the shadow ModelHost loads the candidate; live traffic is mirrored to it"
curl -sf -X POST http://127.0.0.1:8083/v2/repository/models/churn/load -H "Authorization: Bearer $modelhost_token" \
  -H 'content-type: application/json' -d '{"parameters":{"version":"1.1.0"}}'
echo
traffic 2000 || fail "traffic while shadowing"

step "4. report and gate"
for _ in $(seq 1 100); do
  pending=$(curl -sf -H "Authorization: Bearer $report_token" "http://127.0.0.1:8090/reports/churn.json?candidate=1.1.0" | field pending) || true
  [ "${pending:-1}" = 0 ] && break; sleep 0.2
done
curl -sf -H "Authorization: Bearer $report_token" "http://127.0.0.1:8090/reports/churn.md?candidate=1.1.0" | head -8
set +e
$shadowcompare gate --store "$RUN_DIR/shadowcompare.db" --model churn --candidate 1.1.0 --min-agreement 0.98 --max-p99-ratio 1.5 --min-samples 500
gate=$?
set -e
[ $gate -eq 1 ] || fail "the gate should fail 1.1.0 on agreement, got exit $gate"

step "5. canary 5 → 25 → 100 %, the automated analysis watching"
for percent in 5 25 100; do
  "$gatewayctl" canary churn "$percent" "rehearsal ramp" >/dev/null
  traffic 300 || fail "traffic at $percent %"
  status=$("$gatewayctl" status churn --json)
  [ "$(echo "$status" | field configured_percent)" = "$percent" ] || fail "canary is not at $percent %: $status"
  echo "canary at $percent %: $(echo "$status" | field realised_percent) % of the calls of the last minute went to it"
done

step "6. promote: refused by the gate, then forced with a reason the audit keeps"
if "$gatewayctl" promote churn "rehearsal" >/dev/null 2>&1; then fail "promotion should be refused by the gate"; fi
"$gatewayctl" promote churn "rehearsal: demonstrating an override; 1.1.0 scores lower than 1.0.0 on eval" --force --json | field gate_overridden
curl -sf http://127.0.0.1:8081/v2/models/churn | grep -q '"1.1.0"' || fail "stable does not serve 1.1.0"
[ "$("$gatewayctl" status churn --json | field configured_percent)" = 0 ] || fail "canary should be at 0 % after promotion"

step "7. rollback drill: one call sends every caller back to stable"
"$gatewayctl" canary churn 50 "rehearsal: drill" >/dev/null
"$gatewayctl" rollback churn "rehearsal: drill" >/dev/null
status=$("$gatewayctl" status churn --json)
[ "$(echo "$status" | field configured_percent)" = 0 ] || fail "rollback did not set 0 %"
"$gatewayctl" audit churn --json | grep -q '"action":"rollback"' || fail "the rollback is not audited"
traffic 100 || fail "traffic after the rollback"

printf '\nrehearsal passed\n'
