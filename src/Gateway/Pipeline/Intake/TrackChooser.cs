using Gateway.Access;
using Gateway.Analysis;
using Gateway.Assignment;
using Gateway.Pipeline.Call;
using Gateway.Backends;
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
    TrackVersions versions,
    GatewayMetrics metrics)
{
    public const string OverrideHeader = "X-Canary";

    /// <param name="context">The call.</param>
    /// <param name="model">Its model.</param>
    /// <param name="counted">Whether the call counts in the realised share: a prediction does, a metadata read does not.</param>
    public async ValueTask<TrackChoice> ChooseAsync(HttpContext context, string model, bool counted = true)
    {
        var route = options.CurrentValue.Models[model];
        var caller = callers.Resolve(context);
        var (observed, inRun) = counted ? weights.Counts(model, caller, statistics.Run(model)) : (false, false);
        var track = await PickAsync(context, model, route, caller);
        context.Request.Headers.Remove(OverrideHeader);

        if (track == Track.Canary && !proxyState.HasHealthyDestination(route.CanaryCluster))
        {
            metrics.RecordCanaryFailover(model);
            track = Track.Stable;
        }

        if (observed)
        {
            statistics.For(model, track).RecordAssignment(inRun);
        }

        return new TrackChoice(track, track == Track.Canary ? route.CanaryCluster : route.StableCluster, observed, inRun);
    }

    /// <summary>
    /// The track serving a version the caller named: stable when it serves it, else a canary with a healthy backend
    /// that does; null when neither does. Such a call was not assigned, so it counts in no track window. Whether the
    /// caller may reach the canary is the intake's to check.
    /// </summary>
    public TrackChoice? ChooseServing(string model, string version)
    {
        var route = options.CurrentValue.Models[model];
        if (versions.Get(route.StableCluster, model) == version)
        {
            return new TrackChoice(Track.Stable, route.StableCluster, Observed: false);
        }

        return route.CanaryCluster.Length > 0 && versions.Get(route.CanaryCluster, model) == version && proxyState.HasHealthyDestination(route.CanaryCluster)
            ? new TrackChoice(Track.Canary, route.CanaryCluster, Observed: false)
            : null;
    }

    /// <summary>The versions each track serves, as last seen: <c>1.0.0 (stable), 1.1.0 (canary)</c>; without the canary's when <paramref name="canary"/> is false.</summary>
    public string DescribeServed(string model, bool canary = true)
    {
        var route = options.CurrentValue.Models[model];
        var served = new List<string>();
        if (versions.Get(route.StableCluster, model) is { } stable)
        {
            served.Add($"{stable} ({TrackNames.Stable})");
        }

        if (canary && route.CanaryCluster.Length > 0 && versions.Get(route.CanaryCluster, model) is { } canaryVersion)
        {
            served.Add($"{canaryVersion} ({TrackNames.Canary})");
        }

        return served.Count == 0 ? "none known yet" : string.Join(", ", served);
    }

    private ValueTask<Track> PickAsync(HttpContext context, string model, ModelRouteOptions route, string? caller)
    {
        if (route.CanaryCluster.Length == 0)
        {
            return ValueTask.FromResult(Track.Stable);
        }

        var forced = context.Request.Headers[OverrideHeader].ToString();
        if (forced.Length > 0 && MayOverride(context))
        {
            if (forced.Equals("always", StringComparison.OrdinalIgnoreCase))
            {
                return ValueTask.FromResult(Track.Canary);
            }

            if (forced.Equals("never", StringComparison.OrdinalIgnoreCase))
            {
                return ValueTask.FromResult(Track.Stable);
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
