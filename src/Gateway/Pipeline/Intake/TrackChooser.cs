using Gateway.Access;
using Gateway.Canary;
using Gateway.Pipeline.Call;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Pipeline.Intake;

/// <summary>
/// Picks the track that serves a call, before the cache is consulted, so the cache key holds the track's model version.
/// A tester allowed to may force a track with <c>X-Canary</c>; a canary with no healthy backend sends its calls to
/// stable. The assignment is counted here, once per call, so the realised share counts calls, not attempts.
/// </summary>
internal sealed class TrackChooser(
    IOptionsMonitor<GatewayOptions> options,
    IProxyStateLookup proxyState,
    CallerIdentity callers,
    TrackAssigner assigner,
    TrackStatistics statistics,
    CallerWeights weights,
    GatewayMetrics metrics)
{
    public const string OverrideHeader = "X-Canary";

    public async ValueTask<TrackChoice> ChooseAsync(HttpContext context, string model)
    {
        var route = options.CurrentValue.Models[model];
        var caller = callers.Resolve(context);
        var observed = weights.Counts(model, caller);
        var track = await PickAsync(context, model, route, caller);
        context.Request.Headers.Remove(OverrideHeader);

        if (track == Tracks.Canary && !proxyState.HasHealthyDestination(route.CanaryCluster))
        {
            metrics.RecordCanaryFailover(model);
            track = Tracks.Stable;
        }

        if (observed)
        {
            statistics.For(model, track).RecordAssignment();
        }

        return new TrackChoice(track, track == Tracks.Canary ? route.CanaryCluster : route.StableCluster, observed);
    }

    private ValueTask<string> PickAsync(HttpContext context, string model, ModelRouteOptions route, string? caller)
    {
        if (route.CanaryCluster.Length == 0)
        {
            return ValueTask.FromResult(Tracks.Stable);
        }

        var forced = context.Request.Headers[OverrideHeader].ToString();
        if (forced.Length > 0 && MayOverride(context))
        {
            if (forced.Equals("always", StringComparison.OrdinalIgnoreCase))
            {
                return ValueTask.FromResult(Tracks.Canary);
            }

            if (forced.Equals("never", StringComparison.OrdinalIgnoreCase))
            {
                return ValueTask.FromResult(Tracks.Stable);
            }
        }

        return assigner.AssignAsync(model, caller, context.RequestAborted);
    }

    private bool MayOverride(HttpContext context)
    {
        var allowed = options.CurrentValue.Canary.OverrideCallers;
        return allowed.Contains("*") || (context.Features.Get<ApiKeyFeature>() is { } key && allowed.Contains(key.Caller));
    }
}
