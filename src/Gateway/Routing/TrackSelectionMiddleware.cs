using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Routing;

/// <summary>
/// Picks the track that serves the call and sends it to that track's cluster, before the cache is consulted, so the
/// cache key can hold the track's model version. Every call goes to the stable track until canary routing arrives.
/// </summary>
internal sealed class TrackSelectionMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, IProxyStateLookup proxyState, TrackVersions versions)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        var cluster = options.CurrentValue.Models[request.Model].StableCluster;
        if (proxyState.TryGetCluster(cluster, out var state))
        {
            context.ReassignProxyRequest(state);
        }

        request.Track = Tracks.Stable;
        request.ModelVersion = versions.Get(cluster, request.Model);
        return next(context);
    }
}
