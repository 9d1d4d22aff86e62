using Gateway.Access;
using Gateway.Routing;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gateway.Canary;

/// <summary>
/// Picks the track that serves the call and sends it to that track's cluster, before the cache is consulted, so the
/// cache key holds the track's model version. A tester allowed to may force a track with <c>X-Canary</c>; a canary
/// with no healthy backend sends its calls to stable, and so does a canary call that could not reach its backend or
/// was answered 503; a stable call that could not reach its replica, or was answered 503 by it, is sent once to
/// another healthy one.
/// </summary>
internal sealed class TrackSelectionMiddleware(
    RequestDelegate next,
    IOptionsMonitor<GatewayOptions> options,
    IProxyStateLookup proxyState,
    TrackVersions versions,
    CallerIdentity callers,
    TrackAssigner assigner,
    TrackStatistics statistics,
    CallerWeights weights,
    GatewayMetrics metrics)
{
    public const string OverrideHeader = "X-Canary";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        var route = options.CurrentValue.Models[request.Model];
        var caller = callers.Resolve(context);
        request.Observed = weights.Counts(request.Model, caller);
        var track = await PickAsync(context, request.Model, route, caller);
        context.Request.Headers.Remove(OverrideHeader);

        if (track == Tracks.Canary && !HasHealthyBackend(route.CanaryCluster))
        {
            metrics.RecordCanaryFailover(request.Model);
            track = Tracks.Stable;
        }

        Route(context, request, track, track == Tracks.Canary ? route.CanaryCluster : route.StableCluster);
        // Route has just handed YARP the cluster's available destinations: a second one is where a stable call can go.
        request.MayRetryElsewhere = track == Tracks.Canary || context.GetReverseProxyFeature().AvailableDestinations.Count > 1;
        await next(context);

        if (!CanRetry(context, request))
        {
            return;
        }

        var reason = request.AnswerDropped ? "unavailable" : "unreachable";
        if (track == Tracks.Canary)
        {
            // The canary could not be reached at all (refused, reset, no route) or cannot take the call now (503):
            // nothing reached a model, and a prediction is safe to repeat, so stable answers instead of the client
            // seeing a 502. The canary's window has recorded the failure, so its health and the analysis still see it.
            metrics.RecordCanaryFailover(request.Model);
            metrics.RecordRetry(request.Model, track, reason);
            await RetryAsync(context, request, Tracks.Stable, route.StableCluster, exclude: null);
            return;
        }

        var failed = context.GetReverseProxyFeature().ProxiedDestination;
        if (request.AnswerDropped || (failed is not null && HasHealthyBackend(route.StableCluster, except: failed)))
        {
            // A stable replica that is restarting refuses connections, or closes them, before passive health notices,
            // and answers 503 while it loads its models: another replica answers instead, once, and the failure still
            // counts against this one. (A dropped 503 must be answered: with no other replica left, the retry's answer
            // is the 503 for no available backend.)
            metrics.RecordRetry(request.Model, track, reason);
            await RetryAsync(context, request, Tracks.Stable, route.StableCluster, exclude: failed);
        }
    }

    private Task RetryAsync(HttpContext context, GatewayRequest request, string track, string cluster, DestinationState? exclude)
    {
        request.MayRetryElsewhere = false;
        request.AnswerDropped = false;
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Request.Body = new MemoryStream(request.Body, writable: false);
        // The call is already counted where it was assigned: the realised share counts calls, not attempts.
        Route(context, request, track, cluster, recordAssignment: false);
        if (exclude is not null)
        {
            var proxy = context.GetReverseProxyFeature();
            proxy.AvailableDestinations = [.. proxy.AvailableDestinations.Where(d => d != exclude)];
        }

        return next(context);
    }

    private void Route(HttpContext context, GatewayRequest request, string track, string cluster, bool recordAssignment = true)
    {
        if (proxyState.TryGetCluster(cluster, out var state))
        {
            context.ReassignProxyRequest(state);
        }

        request.Track = track;
        request.ModelVersion = versions.Get(cluster, request.Model);
        if (recordAssignment && request.Observed)
        {
            statistics.For(request.Model, track).RecordAssignment();
        }
    }

    // Only failures where no answer reached the client: the backend could not be reached, or closed the connection,
    // before answering (ForwarderError.Request), or its 503 was dropped. A prediction is safe to repeat.
    private static bool CanRetry(HttpContext context, GatewayRequest request) =>
        (request.AnswerDropped || context.Features.Get<IForwarderErrorFeature>()?.Error == ForwarderError.Request)
        && !context.Response.HasStarted
        && !context.RequestAborted.IsCancellationRequested;

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

    // On the request path for every canary call: a count, not a LINQ scan with its closure.
    private bool HasHealthyBackend(string cluster, DestinationState? except = null)
    {
        if (!proxyState.TryGetCluster(cluster, out var state))
        {
            return false;
        }

        var available = state.DestinationsState.AvailableDestinations;
        return available.Count > 1 || (available.Count == 1 && available[0] != except);
    }
}
