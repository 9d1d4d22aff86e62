using Microsoft.Extensions.Options;
using ShadowCompare.Storage;
using ShadowCompare.Telemetry;

namespace ShadowCompare.Drift;

/// <summary>
/// Judges each model's live inputs against the serving versions' references once a minute, for the drift metrics
/// (<see cref="ShadowCompareMetrics.DriftPsi"/> and its kin) that dashboards plot and an alert watches.
/// </summary>
internal sealed partial class DriftMonitor(
    ComparisonStore store, ReferenceCatalog references, IOptionsMonitor<ShadowCompareOptions> options, ShadowCompareMetrics metrics, TimeProvider time, ILogger<DriftMonitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                LogFailed(logger, e.Message);
            }

            await Task.Delay(Every, time, stoppingToken);
        }
    }

    /// <summary>Measures now and hands the figures to the metrics.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken) => metrics.RecordDrift(await MeasureAsync(cancellationToken));

    /// <summary>Every model and serving version with live inputs in the window, judged.</summary>
    public async Task<IReadOnlyList<(string Model, DriftReport Report)>> MeasureAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var since = DriftCount.WindowStart(time.GetUtcNow(), settings.Drift.WindowHours);
        var measured = new List<(string, DriftReport)>();
        foreach (var (model, version) in store.DriftVersions(since))
        {
            if (await references.GetAsync(settings.ModelStore, model, version, cancellationToken) is { } reference)
            {
                measured.Add((model, DriftAnalysis.Analyse(reference, version, store.DriftCounts(model, version, since), settings.Drift, since)));
            }
        }

        return measured;
    }

    [LoggerMessage(701, LogLevel.Warning, "Input drift could not be measured this time; the next minute tries again: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
