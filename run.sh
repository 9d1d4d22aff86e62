#!/usr/bin/env bash
# Starts everything that exists so far on 127.0.0.1, on embedded defaults, and serves until Ctrl+C:
#   Gateway    http://127.0.0.1:8080  the public API (in-memory cache; set ConnectionStrings__Redis for Redis)
#   ModelHost  http://127.0.0.1:8081  serving the shipped model store (models/)
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
out="$root/artifacts/run"

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"
dotnet build src/Gateway -c Release -nologo -clp:ErrorsOnly -o "$out/gateway"

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

(cd "$out/modelhost" && exec dotnet ModelHost.dll --urls http://127.0.0.1:8081 --ModelHost:Store="$root/models") &
pids+=($!)

(cd "$out/gateway" && exec dotnet Gateway.dll --urls http://127.0.0.1:8080 --Gateway:SchemaDirectory="$root/schemas") &
pids+=($!)

echo "run.sh: gateway on http://127.0.0.1:8080 (try: curl http://127.0.0.1:8080/v1/models), ModelHost on http://127.0.0.1:8081. Ctrl+C stops."
wait -n "${pids[@]}"
