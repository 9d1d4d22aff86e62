using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Telemetry;

/// <summary>The gateway's own instruments (YARP records none): per model, API, track and outcome.</summary>
internal sealed class GatewayMetrics
{
    public const string RequestDuration = "gateway.request.duration";
    public const string BackendDuration = "gateway.backend.duration";
    public const string CacheHits = "gateway.cache.hits";
    public const string CacheMisses = "gateway.cache.misses";
    public const string CacheErrors = "gateway.cache.errors";
    public const string CacheForged = "gateway.cache.forged";
    public const string JobRows = "gateway.jobs.rows";
    public const string Jobs = "gateway.jobs";
    public const string ValidationFailures = "gateway.validation.failures";
    public const string ResponseSchemaViolations = "gateway.response.schema_violations";
    public const string CanaryConfiguredShare = "gateway.canary.configured_share";
    public const string CanaryRealisedShare = "gateway.canary.realised_share";
    public const string CanaryFailovers = "gateway.canary.failovers";
    public const string CanaryRollbacks = "gateway.canary.rollbacks";
    public const string CanaryPromotions = "gateway.canary.promotions";
    public const string FlagsRejected = "gateway.flags.rejected";
    public const string BackendEjections = "gateway.backend.ejections";
    public const string BackendRetries = "gateway.backend.retries";
    public const string ShadowMirrored = "gateway.shadow.mirrored";
    public const string ShadowDropped = "gateway.shadow.dropped";
    public const string ShadowSent = "gateway.shadow.sent";
    public const string ShadowQueueLength = "gateway.shadow.queue_length";

    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly Histogram<double> _request;
    private readonly Histogram<double> _backend;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _cacheErrors;
    private readonly Counter<long> _forged;
    private readonly Counter<long> _jobRows;
    private static readonly string[] JobStateNames = ["queued", "running", "succeeded", "failed", "cancelled"];
    private IReadOnlyDictionary<string, int> _jobs = new Dictionary<string, int>();
    private readonly Counter<long> _validation;
    private readonly Counter<long> _responseViolations;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rollbacks;
    private readonly Counter<long> _promotions;
    private readonly Counter<long> _flagsRejected;
    private readonly Counter<long> _ejections;
    private readonly Counter<long> _mirrored;
    private readonly Counter<long> _mirrorDropped;
    private readonly Counter<long> _mirrorSent;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayConfig.InstrumentationName);
        _request = meter.CreateHistogram<double>(RequestDuration, "s", "Time from request to answer, per model, API, track and outcome.",
            advice: new() { HistogramBucketBoundaries = LatencyBuckets });
        _backend = meter.CreateHistogram<double>(BackendDuration, "s", "Time spent forwarding to and waiting on the model backend.",
            advice: new() { HistogramBucketBoundaries = LatencyBuckets });
        _hits = meter.CreateCounter<long>(CacheHits, "{request}", "Answers served from the result cache.");
        _misses = meter.CreateCounter<long>(CacheMisses, "{request}", "Lookups that found nothing, or were skipped.");
        _cacheErrors = meter.CreateCounter<long>(CacheErrors, "{operation}", "Cache operations that failed or timed out (each a miss, never an error to the client).");
        _forged = meter.CreateCounter<long>(CacheForged, "{entry}", "Cache entries whose MAC did not match, each answered as a miss: written by something without the signing key.");
        _jobRows = meter.CreateCounter<long>(JobRows, "{row}", "Batch job rows answered, with a prediction (outcome predicted) or a problem (outcome failed).");
        meter.CreateObservableGauge(Jobs, () => JobStateNames
            .Select(s => new Measurement<int>(_jobs.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", s))), "{job}",
            "Batch jobs kept, by state, as this replica last listed them.");
        _validation = meter.CreateCounter<long>(ValidationFailures, "{request}", "Requests refused by their request schema.");
        _responseViolations = meter.CreateCounter<long>(ResponseSchemaViolations, "{response}", "Backend answers that broke their response schema.");
        _failovers = meter.CreateCounter<long>(CanaryFailovers, "{request}", "Calls assigned to a canary with no healthy backend, sent to stable instead.");
        _retries = meter.CreateCounter<long>(BackendRetries, "{request}",
            "Calls sent a second time, elsewhere, because their backend could not be reached or answered 503; tagged by the track that failed and why.");
        _rollbacks = meter.CreateCounter<long>(CanaryRollbacks, "{rollback}", "Canaries set to 0 %, by an SRE or by the automated analysis.");
        _promotions = meter.CreateCounter<long>(CanaryPromotions, "{promotion}", "Canary versions promoted to stable.");
        _flagsRejected = meter.CreateCounter<long>(FlagsRejected, "{reload}", "Reloads of the flags file refused as invalid (the last good flags stay in force).");
        _ejections = meter.CreateCounter<long>(BackendEjections, "{ejection}", "Backends taken out of rotation for failing too many calls (5xx or transport failures).");
        _mirrored = meter.CreateCounter<long>(ShadowMirrored, "{record}", "Answered requests sampled and queued for ShadowCompare.");
        _mirrorDropped = meter.CreateCounter<long>(ShadowDropped, "{record}", "Mirror records that did not reach ShadowCompare, by reason (the caller's answer is never affected).");
        _mirrorSent = meter.CreateCounter<long>(ShadowSent, "{record}", "Mirror records ShadowCompare acknowledged.");
        Meter = meter;
    }

    /// <summary>The gateway's meter, for instruments observed elsewhere (the canary shares).</summary>
    public Meter Meter { get; }

    public void RecordRequest(string model, string api, Track track, string outcome, TimeSpan elapsed) =>
        _request.Record(elapsed.TotalSeconds, new TagList { { "model", model }, { "api", api }, { "track", track.Name() }, { "outcome", outcome } });

    public void RecordBackend(string model, Track track, TimeSpan elapsed) =>
        _backend.Record(elapsed.TotalSeconds, new TagList { { "model", model }, { "track", track.Name() } });

    public void RecordCacheHit(string model) => _hits.Add(1, new KeyValuePair<string, object?>("model", model));

    public void RecordCacheMiss(string model) => _misses.Add(1, new KeyValuePair<string, object?>("model", model));

    public void RecordCacheForged() => _forged.Add(1);

    public void RecordJobRows(string model, int predicted, int failed)
    {
        _jobRows.Add(predicted, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", "predicted"));
        _jobRows.Add(failed, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", "failed"));
    }

    public void ObserveJobs(IReadOnlyDictionary<string, int> byState) => _jobs = byState;

    public void RecordCacheError(string operation) => _cacheErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void RecordValidationFailure(string model, string api) =>
        _validation.Add(1, new TagList { { "model", model }, { "api", api } });

    public void RecordCanaryFailover(string model) => _failovers.Add(1, new KeyValuePair<string, object?>("model", model));

    // reason: "unreachable" (refused, or closed before an answer) or "unavailable" (answered 503).
    public void RecordRetry(string model, Track track, string reason) =>
        _retries.Add(1, new TagList { { "model", model }, { "track", track.Name() }, { "reason", reason } });

    public void RecordRollback(string model, bool automatic) =>
        _rollbacks.Add(1, new TagList { { "model", model }, { "trigger", automatic ? "analysis" : "admin" } });

    public void RecordPromotion(string model) => _promotions.Add(1, new KeyValuePair<string, object?>("model", model));

    public void RecordFlagsRejected() => _flagsRejected.Add(1);

    public void RecordEjection(string cluster, string destination) =>
        _ejections.Add(1, new TagList { { "cluster", cluster }, { "destination", destination } });

    public void RecordMirrored(string model) => _mirrored.Add(1, new KeyValuePair<string, object?>("model", model));

    public void RecordMirrorDropped(string model, string reason, long count) =>
        _mirrorDropped.Add(count, new TagList { { "model", model }, { "reason", reason } });

    public void RecordMirrorSent(long count) => _mirrorSent.Add(count);

    public void RecordResponseViolation(string model, string api) =>
        _responseViolations.Add(1, new TagList { { "model", model }, { "api", api } });
}
