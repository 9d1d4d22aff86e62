#!/usr/bin/env bash
# Installs what the tests need (Debian packages, when missing), builds the solution once, runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use, as "command:package": the gateway's cache tests start a real Redis; the admin CLI test runs curl;
# the report page test renders in headless Chromium; the deploy tests render the kustomize overlays with kubectl
# and validate them against the Kubernetes API schemas with npm's kubernetes-models (tools/k8s-validate).
APT_NEEDS=("redis-server:redis-server" "curl:curl" "chromium:chromium" "kubectl:kubernetes-client" "node:nodejs" "npm:npm")
missing=()
for need in "${APT_NEEDS[@]}"; do
  command -v "${need%%:*}" >/dev/null 2>&1 || missing+=("${need##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The schema validator's npm packages, at the versions its lock file pins.
[ -d tools/k8s-validate/node_modules ] || npm ci --prefix tools/k8s-validate --no-audit --no-fund --loglevel=error

dotnet build Gateway.sln -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Gateway.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over every test project, in the plain form CI reads.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
