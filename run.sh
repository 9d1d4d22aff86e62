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
# The catalog holds two models: churn (src/Gateway/appsettings.json) and plan, added below as any model is added, by
# configuration (docs/gateway.md, "The model catalog").
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
[ "$dashboard" = 0 ] || dotnet build tools/Dashboard -c Release -nologo -clp:ErrorsOnly -o "$out/dashboard"

# Fresh local tokens each run; tools/gatewayctl reads the admin token from here.
token() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
admin_token=$(token); modelhost_token=$(token); redis_password=$(token); compare_token=$(token); report_token=$(token); api_key=$(token)
cache_key=$(head -c 48 /dev/urandom | base64 -w0 | tr -d '/+=')
(umask 077 && printf '%s' "$admin_token" > "$out/admin-token" && printf '%s' "$modelhost_token" > "$out/modelhost-token" \
  && printf '%s' "$report_token" > "$out/report-token" && printf '%s' "$api_key" > "$out/api-key")

pids=()
viewer=""
stop() { kill "${pids[@]}" $viewer 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# The local OpenTelemetry viewer, from NuGet (tools/Dashboard): every service below sends it traces, logs and metrics.
# It listens on 127.0.0.1 only and asks no sign-in, as a local tool.
if [ "$dashboard" != 0 ]; then
  ASPNETCORE_URLS=http://127.0.0.1:18888 ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:18889 ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
    "$(cat "$out/dashboard/dashboard-path")" >"$out/dashboard.log" 2>&1 &
  viewer=$!   # stopped with the rest, but not watched: the stack serves on if the viewer stops
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:18889
fi

control_plane=()
if [ "$replicas" -gt 1 ]; then
  mkdir -p "$out/redis"
  # The password goes in through a config file only this user can read, not the command line.
  (umask 077 && printf 'requirepass %s\n' "$redis_password" > "$out/redis/redis.conf")
  redis-server "$out/redis/redis.conf" --port 6390 --bind 127.0.0.1 --dir "$out/redis" --appendonly yes --save "" >"$out/redis/redis.log" 2>&1 &
  pids+=($!)
  control_plane=(ControlPlane__Redis="127.0.0.1:6390,password=$redis_password" ConnectionStrings__Redis="127.0.0.1:6390,password=$redis_password"
    Gateway__Cache__SigningKey="$cache_key")
fi

# Each ModelHost reports to the control plane under its track and serves the version desired for it there
# (a promotion sets stable's); the gateways route to the hosts that report.
modelhost() { # port, track, churn and plan versions as configured
  (cd "$out/modelhost" && exec env "${control_plane[@]}" ModelHost__AdminToken="$modelhost_token" ControlPlane__InstanceId="modelhost-$1" \
    dotnet ModelHost.dll --urls "http://127.0.0.1:$1" --ModelHost:Store="$root/models" --ModelHost:Models:churn="$3" --ModelHost:Models:plan="$4" \
    --ModelHost:Track="$2" --ModelHost:PinsFile="$out/pins-$1.json" --ControlPlane:Directory="$out") &
  pids+=($!)
}
modelhost 8081 stable 1.0.0 1.0.0
modelhost 8082 canary 1.1.0 1.1.0
modelhost 8083 shadow 2.0.0-rc.1 2.0.0-rc.1
[ "$replicas" -gt 1 ] && modelhost 8084 stable 1.0.0 1.0.0
# The control: stable's versions again, outside the control plane (no track, so no gateway routes to it), which
# ShadowCompare calls with every record to measure the primary's noise (docs/shadow.md, "Noise floor").
(cd "$out/modelhost" && exec dotnet ModelHost.dll --urls "http://127.0.0.1:8085" --ModelHost:Store="$root/models" --ModelHost:Models:churn=1.0.0 \
  --ModelHost:Models:plan=1.0.0 --ModelHost:PinsFile="$out/pins-8085.json") &
pids+=($!)

# The gateways' service token may post mirror records and ask the gate; the report token lets people read reports.
(cd "$out/shadowcompare" && ShadowCompare__IngestTokens__gateway="$compare_token" ShadowCompare__ReadTokens__gateway="$compare_token" \
  ShadowCompare__ReadTokens__people="$report_token" exec dotnet ShadowCompare.dll serve --urls http://127.0.0.1:8090 \
  --ShadowCompare:Store="$out/shadowcompare.db" --ShadowCompare:Models:churn:Shadows:rc:Url=http://127.0.0.1:8083 \
  --ShadowCompare:Models:plan:Shadows:rc:Url=http://127.0.0.1:8083 --ShadowCompare:ModelStore="$root/models" \
  --ShadowCompare:Models:churn:Control:Url=http://127.0.0.1:8085 --ShadowCompare:Models:plan:Control:Url=http://127.0.0.1:8085) &
pids+=($!)

# The second model: its routes, its two tracks' clusters (each destination stands for the ModelHosts that report serving
# plan on that track) and its description. Its canary and shadow shares are in src/Gateway/flags.json.
plan=(--Gateway:Models:plan:StableCluster=plan-stable --Gateway:Models:plan:CanaryCluster=plan-canary
  "--Gateway:Models:plan:Description=Which of four plans (basic, family, premium, standard) a customer is likely to choose.")
for track in stable canary; do
  port=$([ "$track" = stable ] && echo 8081 || echo 8082)
  cluster="--ReverseProxy:Clusters:plan-$track"
  plan+=("$cluster:Destinations:modelhost-$track-1:Address=http://127.0.0.1:$port" "$cluster:Destinations:modelhost-$track-1:Metadata:Track=$track"
    "$cluster:Destinations:modelhost-$track-1:Metadata:Model=plan" "$cluster:HealthCheck:Active:Enabled=true"
    "$cluster:HealthCheck:Active:Path=/v2/health/ready" "$cluster:HealthCheck:Passive:Enabled=true" "$cluster:HttpRequest:ActivityTimeout=00:00:10")
done

# Tokens go in through the environment, not the command line, where any local user's ps would show them.
gateways=()
grpcs=()
for i in $(seq 1 "$replicas"); do
  port=$((8080 + (i - 1) * 100))
  gateways+=("http://127.0.0.1:$port")
  grpcs+=("127.0.0.1:$((port + 6))")
  # A trusted API key ("local"): with it, X-User-Id names the end user, so the split is sticky per user from a shell.
  (cd "$out/gateway" && exec env "${control_plane[@]}" Gateway__AdminTokens__sre="$admin_token" Gateway__Shadow__CompareToken="$compare_token" \
    Gateway__Access__ApiKeys__local__Key="$api_key" Gateway__Access__ApiKeys__local__Trusted=true \
    ControlPlane__InstanceId="gateway-$i" dotnet Gateway.dll \
    --urls "http://127.0.0.1:$port" --Gateway:AdminUrls="http://127.0.0.1:$((port + 1000))" --Gateway:GrpcUrls="http://127.0.0.1:$((port + 6))" \
    --Gateway:SchemaDirectory="$root/schemas" \
    --Gateway:Canary:FlagsFile="$root/src/Gateway/flags.json" --ControlPlane:Directory="$out" --Gateway:Jobs:Directory="$out/jobs" \
    --Gateway:Shadow:CompareUrl=http://127.0.0.1:8090 "${plan[@]}") &
  pids+=($!)
done

cat <<MSG
run.sh: gateway on ${gateways[*]} (try: curl http://127.0.0.1:8080/v1/models), admin API and /metrics on each port + 1000
        gateway gRPC API (Open Inference Protocol, h2c, reflection on) on ${grpcs[*]} (try: grpcurl -plaintext 127.0.0.1:8086 list)
        models: churn (API v1 and v2) and plan (API v1); POST /v1/models/{model}:predict, /v2/models/churn:predict
        ModelHost stable (churn 1.0.0, plan 1.0.0) on http://127.0.0.1:8081$([ "$replicas" -gt 1 ] && printf ' and :8084'), canary (churn 1.1.0, plan 1.1.0) on http://127.0.0.1:8082,
        taking the share in the control plane ($([ "$replicas" -gt 1 ] && printf 'Redis on 127.0.0.1:6390' || printf '%s' "$out/flags.json"); 10 % on a first run)
        ModelHost shadow (churn and plan 2.0.0-rc.1) on http://127.0.0.1:8083, sent 50 % of answered requests,
        and a control (1.0.0 again) on http://127.0.0.1:8085: the reports show the primary's noise floor
        shadow comparison reports: http://127.0.0.1:8090/reports/churn and /reports/plan (after some traffic; sign in with any user name and
        the password in $out/report-token: $report_token)
        trusted API key: $out/api-key (curl -H "X-Api-Key: \$(cat $out/api-key)" -H 'X-User-Id: alice' … is sticky per user)
        batch jobs: tools/jobs run churn <dataset.jsonl> <answers.jsonl> (a progress bar, then the answers; docs/jobs.md)
        admin token (actor "sre"): $admin_token   (also in $out/admin-token; try: tools/gatewayctl status churn;
        GATEWAY_URL=http://127.0.0.1:9180 tools/gatewayctl … drives another replica)
$([ "$dashboard" != 0 ] && printf '        traces, logs and metrics of every service: http://127.0.0.1:18888 (follow a predict: gateway → ModelHost, and its comparison → shadow)\n')
        Ctrl+C stops.
MSG
wait -n "${pids[@]}"
