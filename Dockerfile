# syntax=docker/dockerfile:1
# One multi-stage file, one target per service:
#   docker build --target gateway       -t inference-gateway/gateway .
#   docker build --target modelhost     -t inference-gateway/modelhost .
#   docker build --target shadowcompare -t inference-gateway/shadowcompare .
# Models are never baked in: mount a model store at /models or set ModelHost__Store to its http(s) URL.

ARG DOTNET_VERSION=10.0

# ---- build: restore once for the whole solution's src projects, then publish each service ----
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY src/ServiceDefaults/ServiceDefaults.csproj src/ServiceDefaults/
COPY src/ControlPlane/ControlPlane.csproj src/ControlPlane/
COPY src/InferenceProtocol/InferenceProtocol.csproj src/InferenceProtocol/
COPY src/Settings/Settings.csproj src/Settings/
COPY src/ModelHost.Core/ModelHost.Core.csproj src/ModelHost.Core/
COPY src/ModelHost/ModelHost.csproj src/ModelHost/
COPY src/Gateway/Gateway.csproj src/Gateway/
COPY src/ShadowCompare/ShadowCompare.csproj src/ShadowCompare/
COPY src/ReleaseStatistics/ReleaseStatistics.csproj src/ReleaseStatistics/
RUN dotnet restore src/Gateway/Gateway.csproj \
 && dotnet restore src/ModelHost/ModelHost.csproj \
 && dotnet restore src/ShadowCompare/ShadowCompare.csproj
COPY src/ src/
# The gRPC contract is compiled from the protocol's file beside the JSON Schemas.
COPY schemas/oip/v2/grpc_predict_v2.proto schemas/oip/v2/

FROM build AS publish-gateway
RUN dotnet publish src/Gateway/Gateway.csproj -c Release --no-restore -o /app

FROM build AS publish-modelhost
RUN dotnet publish src/ModelHost/ModelHost.csproj -c Release --no-restore -o /app

FROM build AS publish-shadowcompare
RUN dotnet publish src/ShadowCompare/ShadowCompare.csproj -c Release --no-restore -o /app

# ---- runtime: the ASP.NET Core image (Debian, glibc: ONNX Runtime's native library needs it), non-root ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_GCHeapHardLimitPercent=75
# The services' state folders, owned by the image's unprivileged "app" user ($APP_UID), which they run as.
RUN mkdir -p /etc/gateway /var/lib/gateway /var/lib/modelhost /var/cache/modelhost /var/lib/shadowcompare /models \
 && chown "$APP_UID" /etc/gateway /var/lib/gateway /var/lib/modelhost /var/cache/modelhost /var/lib/shadowcompare
USER $APP_UID
EXPOSE 8080

FROM runtime AS gateway
# The admin API and /metrics: the public port + 1000; the gRPC API where Gateway__GrpcUrls puts it (8086 in deploy/).
EXPOSE 9080 8086
COPY --from=publish-gateway /app .
# The shipped flags seed an empty control plane; a deployment mounts its own seed. Changes live in the control plane:
# Redis with ControlPlane__Redis set (many replicas), else the local folder /var/lib/gateway (one replica).
COPY --from=publish-gateway --chown=$APP_UID /app/flags.json /etc/gateway/flags.json
COPY schemas/ /app/schemas/
ENV Gateway__SchemaDirectory=/app/schemas \
    Gateway__Canary__FlagsFile=/etc/gateway/flags.json \
    ControlPlane__Directory=/var/lib/gateway \
    Gateway__Jobs__Directory=/var/lib/gateway/jobs
HEALTHCHECK --interval=10s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "Gateway.dll"]

FROM runtime AS modelhost
COPY --from=publish-modelhost /app .
ENV ModelHost__Store=/models \
    ModelHost__PinsFile=/var/lib/modelhost/pins.json \
    ModelHost__CacheDirectory=/var/cache/modelhost \
    ControlPlane__Directory=/var/lib/modelhost
VOLUME ["/models"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /v2/health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "ModelHost.dll"]

FROM runtime AS shadowcompare
COPY --from=publish-shadowcompare /app .
ENV ShadowCompare__Store=/var/lib/shadowcompare/comparisons.db
VOLUME ["/var/lib/shadowcompare"]
HEALTHCHECK --interval=10s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["dotnet", "ShadowCompare.dll", "serve"]
