#!/usr/bin/env bash
# Starts everything that exists so far on 127.0.0.1, on embedded defaults, and serves until Ctrl+C:
#   ModelHost  http://127.0.0.1:8081  serving the shipped model store (models/)
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
out="$root/artifacts/run"

dotnet build src/ModelHost -c Release -nologo -clp:ErrorsOnly -o "$out/modelhost"

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

(cd "$out/modelhost" && exec dotnet ModelHost.dll --urls http://127.0.0.1:8081 --ModelHost:Store="$root/models") &
pids+=($!)

echo "run.sh: ModelHost on http://127.0.0.1:8081 (try: curl http://127.0.0.1:8081/v2/models). Ctrl+C stops."
wait -n "${pids[@]}"
