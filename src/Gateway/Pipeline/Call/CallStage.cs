using Gateway.Pipeline.Intake;
using Gateway.Telemetry;
using Gateway.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gateway.Pipeline.Call;

/// <summary>
/// The third stage: sends the call to its track's cluster through YARP's own pipeline (session affinity, load
/// balancing, passive health, the forwarder), holds the whole answer instead of streaming it, and returns one
/// <see cref="BackendOutcome"/>. Nothing of an answer reaches the client here, so the stage can still change its mind:
/// a canary that cannot be reached or answers 503 is retried once on stable, and a stable replica that cannot be
/// reached or answers 503 is retried once on another healthy replica. A prediction is safe to repeat, and nothing
/// reached a model. A call pinned to the canary's version is not moved to stable, which does not serve it. A sample of
/// successful calls' answers (<see cref="GatewayOptions.ResponseCheckShare"/>, or all in strict mode) is checked
/// against the response schema.
/// </summary>
internal sealed class CallStage(
    IProxyStateLookup proxyState,
    SchemaRegistry schemas,
    IOptionsMonitor<GatewayOptions> options,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<CallStage> logger)
{
    public async Task<BackendOutcome> CallAsync(HttpContext context, GatewayRequest request, RequestDelegate forward)
    {
        var started = time.GetTimestamp();
        var first = await SendAsync(context, request, request.Choice.Track, request.Choice.Cluster, except: null, forward);
        var final = first;
        if (first.MayRetry && !context.RequestAborted.IsCancellationRequested)
        {
            var stable = options.CurrentValue.Models[request.Model].StableCluster;
            if (first.Track == Track.Canary && request.PinnedVersion is null)
            {
                metrics.RecordCanaryFailover(request.Model);
                final = await RetryAsync(context, request, first, stable, except: null, forward);
            }
            else if (proxyState.HasHealthyDestination(stable, except: first.Destination))
            {
                // A stable replica that is restarting refuses connections, or closes them, before passive health
                // notices, and answers 503 while it loads its models: another replica answers instead.
                final = await RetryAsync(context, request, first, stable, first.Destination, forward);
            }
        }

        var elapsed = time.GetElapsedTime(started);
        var attempts = ReferenceEquals(final, first) ? [first] : new[] { first, final };
        var brokeSchema = request.Operation == RouteOperation.Call
            && final is { Kind: OutcomeKind.Answered, Status: StatusCodes.Status200OK } && IsChecked() && !MatchesSchema(request, final);
        if (!brokeSchema)
        {
            return new BackendOutcome(final, attempts, elapsed, BrokeSchema: false);
        }

        metrics.RecordResponseViolation(request.Model, request.Api);
        Log.ResponseViolation(logger, request.Model, request.Api);
        var outcome = new BackendOutcome(final, attempts, elapsed, BrokeSchema: true);
        return options.CurrentValue.StrictResponseValidation ? outcome with { Kind = OutcomeKind.Failed } : outcome;
    }

    private Task<BackendAttempt> RetryAsync(
        HttpContext context, GatewayRequest request, BackendAttempt failed, string stable, DestinationState? except, RequestDelegate forward)
    {
        metrics.RecordRetry(request.Model, failed.Track, failed.RetryReason);
        return SendAsync(context, request, Track.Stable, stable, except, forward);
    }

    private async Task<BackendAttempt> SendAsync(
        HttpContext context, GatewayRequest request, Track track, string cluster, DestinationState? except, RequestDelegate forward)
    {
        if (proxyState.TryGetCluster(cluster, out var state))
        {
            context.ReassignProxyRequest(state);
        }

        var proxy = context.GetReverseProxyFeature();
        if (except is not null)
        {
            proxy.AvailableDestinations = [.. proxy.AvailableDestinations.Where(d => d != except)];
        }

        // YARP writes the answer into a response of its own and a buffer: the client's response is untouched until
        // the record stage answers it, so an attempt that is retried leaves nothing behind.
        var features = context.Features;
        var clientResponse = features.Get<IHttpResponseFeature>();
        var clientBody = features.Get<IHttpResponseBodyFeature>();
        var held = new HttpResponseFeature();
        using var buffer = new MemoryStream();
        context.Request.Body = new MemoryStream(request.Body, writable: false);
        features.Set<IForwarderErrorFeature>(null);
        features.Set<IHttpResponseFeature>(held);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        var started = time.GetTimestamp();
        try
        {
            await forward(context);
        }
        finally
        {
            features.Set(clientResponse);
            features.Set(clientBody);
        }

        var elapsed = time.GetElapsedTime(started);
        var error = context.GetForwarderErrorFeature()?.Error;
        features.Set<IForwarderErrorFeature>(null);
        var status = error is null ? held.StatusCode : 0;
        // HttpClient reads header bytes over 0x7F as Latin-1; Kestrel refuses to send them, so such an answer is broken,
        // and none of its headers goes on.
        if (status > 0 && !IsSendable(held.Headers))
        {
            return new BackendAttempt(track, cluster, proxy.ProxiedDestination, OutcomeKind.Failed, status, error, new HeaderDictionary(), [], elapsed);
        }

        return new BackendAttempt(track, cluster, proxy.ProxiedDestination, Classify(error, status), status, error, held.Headers, buffer.ToArray(), elapsed);
    }

    private static bool IsSendable(IHeaderDictionary headers)
    {
        foreach (var (_, values) in headers)
        {
            foreach (var value in values)
            {
                if (value is not null && !System.Text.Ascii.IsValid(value))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static OutcomeKind Classify(ForwarderError? error, int status) => error switch
    {
        ForwarderError.NoAvailableDestinations => OutcomeKind.Unavailable,
        ForwarderError.Request => OutcomeKind.Unreachable,
        not null => OutcomeKind.Failed,
        null when status == StatusCodes.Status503ServiceUnavailable => OutcomeKind.Unavailable,
        null when status >= StatusCodes.Status500InternalServerError => OutcomeKind.Failed,
        null => OutcomeKind.Answered,
    };

    private bool IsChecked()
    {
        var current = options.CurrentValue;
        return current.StrictResponseValidation || Random.Shared.NextDouble() < current.ResponseCheckShare;
    }

    private bool MatchesSchema(GatewayRequest request, BackendAttempt answer)
    {
        if (answer.Headers.ContentType.ToString() is var type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var json = JsonBodyParser.TryParse(answer.Body, out _);
        return json is not null && SchemaValidator.Validate(schemas.For(request.Model, request.Api).Response, json).Count == 0;
    }
}
