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
    public const string ValidationFailures = "gateway.validation.failures";
    public const string ResponseSchemaViolations = "gateway.response.schema_violations";

    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly Histogram<double> _request;
    private readonly Histogram<double> _backend;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _cacheErrors;
    private readonly Counter<long> _validation;
    private readonly Counter<long> _responseViolations;

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
        _validation = meter.CreateCounter<long>(ValidationFailures, "{request}", "Requests refused by their request schema.");
        _responseViolations = meter.CreateCounter<long>(ResponseSchemaViolations, "{response}", "Backend answers that broke their response schema.");
    }

    public void RecordRequest(string model, string api, string track, string outcome, TimeSpan elapsed) =>
        _request.Record(elapsed.TotalSeconds, new TagList { { "model", model }, { "api", api }, { "track", track }, { "outcome", outcome } });

    public void RecordBackend(string model, string track, TimeSpan elapsed) =>
        _backend.Record(elapsed.TotalSeconds, new TagList { { "model", model }, { "track", track } });

    public void RecordCacheHit(string model) => _hits.Add(1, new KeyValuePair<string, object?>("model", model));

    public void RecordCacheMiss(string model) => _misses.Add(1, new KeyValuePair<string, object?>("model", model));

    public void RecordCacheError(string operation) => _cacheErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void RecordValidationFailure(string model, string api) =>
        _validation.Add(1, new TagList { { "model", model }, { "api", api } });

    public void RecordResponseViolation(string model, string api) =>
        _responseViolations.Add(1, new TagList { { "model", model }, { "api", api } });
}
