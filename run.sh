#!/usr/bin/env bash
# Starts everything on 127.0.0.1, on embedded defaults, and serves until Ctrl+C:
#   Gateway           http://127.0.0.1:8080  the public API (in-memory cache; local control plane in $RUN_DIR)
#                     http://127.0.0.1:9080  its admin API and /metrics (each gateway's public port + 1000)
#                     127.0.0.1:8086         its gRPC API, h2c (Open Inference Protocol; each public port + 6)
#   ModelHost stable  http://127.0.0.1:8081  churn 1.0.0 and plan 1.0.0
#   ModelHost canary  http://127.0.0.1:8082  churn 1.1.0 and plan 1.1.0, each taking 10 % of callers on a first run
#   ModelHost shadow  http://127.0.0.1:8083  churn 2.0.0-rc.1 and plan 2.0.0-rc.1, sent a 50 % sample of answered requests
#   ModelHost control http://127.0.0.1:8085  churn and plan 1.0.0 again: the primary's noise floor, for ShadowCompare
#   ShadowCompare     http://127.0.0.1:8090  compares the shadow's answers with the primary's: /reports/churn, /reports/plan
#   Aspire dashboard  http://127.0.0.1:18888 every service's traces, logs and metrics (OTLP on :18889); DASHBOARD=0 leaves it out
# The catalog holds two models: churn (src/Gateway/appsettings.json) and plan, added by configuration as any model is
# (docs/gateway.md, "The model catalog"). What runs, with which settings, is tools/Stack/Topology/LocalTopology.cs.
# GATEWAY_REPLICAS=3 ./run.sh starts Redis (127.0.0.1:6390, with a password) as the shared control plane and cache,
# three gateways on :8080, :8180 and :8280 (admin :9080, :9180, :9280; gRPC :8086, :8186, :8286), and a second
# stable ModelHost on :8084.
# Tokens (admin, report reader, and the services' own) are fresh each run, written to files only this user can read.
# State lives in artifacts/run/ (the local control plane: flags, audit trail, desired versions, heartbeats; ModelHost
# pins, comparisons, Redis's append-only file, the tokens), or in $RUN_DIR when set; delete it to start afresh.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
out="${RUN_DIR:-$root/artifacts/run}"
replicas="${GATEWAY_REPLICAS:-1}"
case "$replicas" in [1-9]) ;; *) echo "run.sh: GATEWAY_REPLICAS must be 1 to 9, not '$replicas'" >&2; exit 2 ;; esac
mkdir -p "$out"

if [ "$replicas" -gt 1 ] && ! command -v redis-server >/dev/null 2>&1; then
  echo "run.sh: installing redis-server for the shared control plane"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server
fi

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"
dotnet build src/ShadowCompare -c Release -nologo -clp:ErrorsOnly -o "$out/shadowcompare"
case "${DASHBOARD:-1}" in 0|false|no|off) dashboard=0 ;; *) dashboard=1 ;; esac
if [ "$dashboard" = 1 ] && { [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; }; then
  echo "run.sh: the Aspire dashboard ships for x86_64 Linux only; serving without it"; dashboard=0
fi
dashboard_path=""
if [ "$dashboard" != 0 ]; then
  dotnet build tools/Dashboard -c Release -nologo -clp:ErrorsOnly -o "$out/dashboard"
  dashboard_path="$(cat "$out/dashboard/dashboard-path")"
fi
dotnet build tools/Stack -c Release -nologo -clp:ErrorsOnly -o "$out/stack"

# The topology (which processes, their settings, ports and fresh tokens) is tools/Stack/Topology/LocalTopology.cs,
# shared with the end-to-end tests. It serves until Ctrl+C, or stops everything when one service exits.
exec dotnet "$out/stack/Stack.dll" serve --root "$root" --state "$out" --binaries "$out" --replicas "$replicas" \
  ${dashboard_path:+--dashboard "$dashboard_path"}
