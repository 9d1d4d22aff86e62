using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Backends;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: every model's stable cluster has a healthy backend. Both on every listener.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Json(new { status = "alive" })).WithMetadata(Admin.ServedOn.EveryListener);
        endpoints.MapGet("/readyz", (IOptionsMonitor<GatewayOptions> options, IProxyStateLookup proxyState) =>
        {
            var missing = ModelsWithoutBackend(options.CurrentValue, proxyState);
            return missing.Count == 0
                ? Results.Json(new { status = "ready" })
                : Results.Json(new { status = "not ready", models_without_backend = missing }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithMetadata(Admin.ServedOn.EveryListener);
        return endpoints;
    }

    /// <summary>The models whose stable cluster has no healthy backend now.</summary>
    public static IReadOnlyList<string> ModelsWithoutBackend(GatewayOptions options, IProxyStateLookup proxyState) =>
    [
        .. options.Models
            .Where(m => !proxyState.TryGetCluster(m.Value.StableCluster, out var cluster) || cluster.DestinationsState.AvailableDestinations.Count == 0)
            .Select(m => m.Key),
    ];
}
