using Gateway.Analysis;
using Gateway.Caching;
using Gateway.Pipeline.Call;
using Gateway.Pipeline.Decide;
using Gateway.Pipeline.Intake;
using Gateway.Backends;
using Gateway.Shadow;
using Gateway.Telemetry;

namespace Gateway.Pipeline.Record;

/// <summary>
/// The last stage, just before the client is answered: everything the gateway learns from a call, all read from its one
/// <see cref="BackendOutcome"/>. Each attempt's time goes to the backend metric and, once, to its track's window (a
/// 5xx, a timeout or a transport failure is an error there; a client that went away is not the backend's fault); the
/// answering version is remembered for the cache key; a success is stored and, when sampled, queued for mirroring.
/// </summary>
internal sealed class RecordStage(
    TrackStatistics statistics, TrackVersions versions, ResultCache cache, MirrorSampler sampler, MirrorQueue mirror, GatewayMetrics metrics, TimeProvider time)
{
    public async ValueTask RecordAsync(HttpContext context, GatewayRequest request, CacheLookup lookup, BackendOutcome outcome)
    {
        var aborted = context.RequestAborted.IsCancellationRequested;
        foreach (var attempt in outcome.Attempts)
        {
            metrics.RecordBackend(request.Model, attempt.Track, attempt.Elapsed);
            if (request.Choice.Observed && !aborted)
            {
                statistics.For(request.Model, attempt.Track).RecordAnswer(attempt.Elapsed, attempt.Kind != OutcomeKind.Answered, request.Choice.InRun);
            }
        }

        var version = outcome.ModelVersion;
        if (outcome.Final.Kind != OutcomeKind.Answered || version.Length == 0)
        {
            return;
        }

        versions.Set(outcome.Final.Cluster, request.Model, version);
        if (!outcome.IsSuccess)
        {
            return;
        }

        // A binary-data answer is not stored: its JSON header's length travels in a response header a hit does not carry.
        var contentType = outcome.Final.Headers.ContentType.ToString();
        if (lookup is { MayStore: true, Key: { } key } && !contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            // Keyed by the version that answered, which may be newer than the one looked up.
            cache.Store(key.For(version), new CachedAnswer(contentType is { Length: > 0 } type ? type : "application/json", version, outcome.Final.Body), lookup.Ttl);
        }

        if (sampler.IsOn && !request.HasBinaryData && await sampler.ShouldMirrorAsync(request.Model))
        {
            mirror.Add(new MirrorRecord(request.Model, request.Api, context.TraceIdentifier, time.GetUtcNow(), request.Body,
                version, outcome.Track.Name(), outcome.Final.Body, outcome.Elapsed.TotalMilliseconds, System.Diagnostics.Activity.Current?.Id));
        }
    }
}
