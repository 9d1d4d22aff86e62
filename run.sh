#!/usr/bin/env bash
# Starts everything that exists so far on 127.0.0.1, on embedded defaults, and serves until Ctrl+C:
#   Gateway           http://127.0.0.1:8080  the public API and the admin API (in-memory cache; set ConnectionStrings__Redis for Redis)
#   ModelHost stable  http://127.0.0.1:8081  churn 1.0.0
#   ModelHost canary  http://127.0.0.1:8082  churn 1.1.0, taking 10 % of callers on a first run
#   ModelHost shadow  http://127.0.0.1:8083  churn 2.0.0-rc.1, sent a 50 % sample of answered requests
#   ShadowCompare     http://127.0.0.1:8090  compares the shadow's answers with the primary's: /reports/churn
# State lives in artifacts/run/ (flags file, audit, ModelHost pins, comparisons, the tokens), or in $RUN_DIR when set;
# delete it to start afresh.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
out="${RUN_DIR:-$root/artifacts/run}"

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build src/ShadowCompare -c Release -nologo -clp:ErrorsOnly -o "$out/shadowcompare"

# The flags file the admin API writes through to: the shipped one (churn canary at 10 %) on first run, then kept.
[ -f "$out/flags.json" ] || cp src/Gateway/flags.json "$out/flags.json"
# A fresh local admin token each run; tools/gatewayctl reads it from here.
admin_token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
modelhost_token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
(umask 077 && printf '%s' "$admin_token" > "$out/admin-token" && printf '%s' "$modelhost_token" > "$out/modelhost-token")

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

modelhost() { # port, churn version, pins file
  (cd "$out/modelhost" && ModelHost__AdminToken="$modelhost_token" exec dotnet ModelHost.dll --urls "http://127.0.0.1:$1" \
    --ModelHost:Store="$root/models" --ModelHost:Models:churn="$2" --ModelHost:PinsFile="$3") &
  pids+=($!)
}
modelhost 8081 1.0.0 "$out/pins-stable.json"
modelhost 8082 1.1.0 "$out/pins-canary.json"
modelhost 8083 2.0.0-rc.1 "$out/pins-shadow.json"

(cd "$out/shadowcompare" && exec dotnet ShadowCompare.dll serve --urls http://127.0.0.1:8090 \
  --ShadowCompare:Store="$out/shadowcompare.db" --ShadowCompare:Models:churn:Shadows:rc:Url=http://127.0.0.1:8083) &
pids+=($!)

# Tokens go in through the environment, not the command line, where any local user's ps would show them.
(cd "$out/gateway" && Gateway__AdminToken="$admin_token" Gateway__ModelHostToken="$modelhost_token" exec dotnet Gateway.dll \
  --urls http://127.0.0.1:8080 --Gateway:SchemaDirectory="$root/schemas" \
  --Gateway:Canary:FlagsFile="$out/flags.json" --Gateway:Canary:AuditFile="$out/flags.audit.jsonl" \
  --Gateway:Shadow:CompareUrl=http://127.0.0.1:8090) &
pids+=($!)

cat <<MSG
run.sh: gateway on http://127.0.0.1:8080 (try: curl http://127.0.0.1:8080/v1/models)
        ModelHost stable (churn 1.0.0) on http://127.0.0.1:8081, canary (churn 1.1.0) on http://127.0.0.1:8082,
        taking the share set in artifacts/run/flags.json (10 % on a first run)
        ModelHost shadow (churn 2.0.0-rc.1) on http://127.0.0.1:8083, sent 50 % of answered requests
        shadow comparison report: http://127.0.0.1:8090/reports/churn (after some traffic)
        admin token: $admin_token   (also in artifacts/run/admin-token; try: tools/gatewayctl status churn)
        Ctrl+C stops.
MSG
wait -n "${pids[@]}"
