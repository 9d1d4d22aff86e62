using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ShadowCompare.Comparison;
using ShadowCompare.Drift;
using ShadowCompare.Retention;
using ShadowCompare.Storage;
using ShadowCompare.Telemetry;

namespace ShadowCompare.Ingest;

/// <summary>
/// Compares pending mirror records: each is replayed against every shadow configured for its model (each shadow under
/// its own concurrency cap and timeout, and left alone while it is down: <see cref="ShadowBreaker"/>), compared, and
/// stored in one transaction with the removal of the pending record and its input's drift counts.
/// On a stop, records in flight stay pending and are compared after the restart.
/// </summary>
internal sealed class ComparisonWorker(
    ComparisonStore store, IHttpClientFactory httpClients, IOptionsMonitor<ShadowCompareOptions> options, ShadowCompareMetrics metrics,
    ReferenceCatalog references, ILogger<ComparisonWorker> logger)
    : BackgroundService
{
    public const string HttpClientName = "shadows";
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _caps = new(StringComparer.Ordinal);
    // Lazy: GetOrAdd may run a factory more than once at a time, and only the breaker kept may be followed by the metrics.
    private readonly ConcurrentDictionary<string, Lazy<ShadowBreaker>> _breakers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastVersions = new(StringComparer.Ordinal);

    /// <summary>Tells the worker new records are pending.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var client = new ShadowClient(http);
        await WarmUpAsync(http, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = store.TakePending(options.CurrentValue.Workers * 4);
            if (batch.Count == 0)
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            // A batch is saved in one transaction: one disk flush for many comparisons.
            var done = new System.Collections.Concurrent.ConcurrentBag<(IReadOnlyList<ComparisonResult>, long?)>();
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.CurrentValue.Workers, CancellationToken = stoppingToken },
                async (pending, cancellationToken) => done.Add((await CompareAsync(client, pending.Record, cancellationToken), pending.Id)));
            store.Save([.. done], await DriftCountsAsync(batch, stoppingToken));
            foreach (var result in done.SelectMany(d => d.Item1))
            {
                metrics.RecordComparison(result);
            }
        }
    }

    // Each record's instances, binned against the reference of the version that answered it, summed by hour.
    private async Task<IReadOnlyList<DriftCount>> DriftCountsAsync(IReadOnlyList<(long Id, MirrorRecord Record)> batch, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var counts = new Dictionary<(string Model, string Version, DateTimeOffset Hour, string Feature, string Bin), long>();
        var own = new Dictionary<(string Feature, string Bin), long>();
        foreach (var (_, record) in batch)
        {
            if (await references.GetAsync(settings.ModelStore, record.Model, record.Primary.Version, cancellationToken) is not { } reference)
            {
                continue;
            }

            own.Clear();
            InputBins.Count(reference, record.Input, settings.Models.GetValueOrDefault(record.Model)?.RedactInputs ?? [], own);
            var hour = DriftCount.HourOf(record.Time);
            foreach (var ((feature, bin), count) in own)
            {
                var key = (record.Model, record.Primary.Version, hour, feature, bin);
                counts[key] = counts.GetValueOrDefault(key) + count;
            }
        }

        return [.. counts.Select(c => new DriftCount(c.Key.Model, c.Key.Version, c.Key.Feature, c.Key.Bin, c.Key.Hour, c.Value))];
    }

    // Opens a connection to each shadow before the first comparison, so the first ones do not carry the connection's
    // set-up in their latency. A shadow that is down now is simply compared (and counted) as such later.
    private async Task WarmUpAsync(HttpClient http, CancellationToken cancellationToken)
    {
        foreach (var (_, shadow) in options.CurrentValue.Models.Values.SelectMany(m => m.Targets))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                using var _ = await http.GetAsync(new Uri(new Uri(shadow.Url.TrimEnd('/') + "/"), "v2/health/ready"), timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task<List<ComparisonResult>> CompareAsync(ShadowClient client, MirrorRecord record, CancellationToken cancellationToken)
    {
        using var span = ShadowCompareActivitySource.StartComparison(record.Model, record.RequestId, record.TraceParent);
        // The model's own tolerances, as configured now (they reload).
        var comparer = new ShadowComparer(client, options.CurrentValue.ComparisonFor(record.Model));
        var primary = new ShadowComparer.Primary(record.Model, record.Api, record.RequestId, record.Time, record.Input.GetRawText(),
            record.Primary.Version, record.Primary.Output.GetRawText(), record.Primary.LatencyMilliseconds);
        var shadows = options.CurrentValue.Models.GetValueOrDefault(record.Model)?.Targets ?? [];
        var results = new List<ComparisonResult>();
        foreach (var (name, shadow) in shadows)
        {
            var key = $"{record.Model}/{name}";
            var cap = _caps.GetOrAdd(key, _ => new SemaphoreSlim(shadow.Concurrency));
            var breaker = _breakers.GetOrAdd(key, _ => new Lazy<ShadowBreaker>(() =>
            {
                var created = new ShadowBreaker(record.Model, name, shadow.BreakSeconds, logger);
                metrics.TrackBreaker(record.Model, name, () => created.IsOpen);
                return created;
            })).Value;
            var lastVersion = _lastVersions.GetValueOrDefault(key, "");
            // The breaker is asked once the record's turn has come, not before it waits: records queued behind calls to a
            // shadow that has just gone slow are then stored as shadow_down, not each sent to wait out its timeout.
            await cap.WaitAsync(cancellationToken);
            ComparisonResult result;
            try
            {
                result = await breaker.RunAsync(token => comparer.CompareAsync(primary, "live", "", name, new Uri(shadow.Url.TrimEnd('/') + "/"),
                    TimeSpan.FromMilliseconds(shadow.TimeoutMilliseconds), lastVersion, token), cancellationToken)
                    ?? ShadowComparer.Failed(primary, "live", "", name, lastVersion, FailureReasons.ShadowDown);
            }
            finally
            {
                cap.Release();
            }

            if (result.Status == ComparisonStatus.Compared)
            {
                _lastVersions[key] = result.ShadowVersion;
            }
            else
            {
                Log.ShadowFailed(logger, record.Model, name, result.Reason);
            }

            results.Add(result);
        }

        if (shadows.Count == 0)
        {
            // Counted, not lost: mirrored = compared + dropped + failed must still hold.
            Log.NoShadow(logger, record.Model);
            results.Add(new ComparisonResult
            {
                Model = record.Model, Source = "live", RequestId = record.RequestId, Time = record.Time, Input = primary.Input,
                PrimaryVersion = primary.Version, PrimaryOutput = primary.Output, PrimaryLatencyMilliseconds = primary.LatencyMilliseconds,
                Shadow = "", Status = ComparisonStatus.Failed, Reason = FailureReasons.NoShadow,
            });
        }

        // Kept without the fields the model's settings say not to keep; the shadow had the whole input.
        var redact = options.CurrentValue.Models.GetValueOrDefault(record.Model)?.RedactInputs ?? [];
        return redact.Count == 0 ? results : [.. results.Select(r => r with { Input = InputRedaction.Redact(r.Input, redact) })];
    }
}
