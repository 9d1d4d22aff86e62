using Gateway.Routing;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Canary;

/// <summary>
/// Compares every live canary with its stable track a few times a second and sets a worse one to 0 % at once, with
/// the reason logged, counted and audited. It stays at 0 % until someone raises it again; its window then starts
/// afresh (<see cref="TrackStatistics"/>), so the old failures do not roll it straight back.
/// </summary>
internal sealed class CanaryAnalyzer(
    IOptionsMonitor<GatewayOptions> options,
    CanaryFlags flags,
    FlagStore store,
    TrackStatistics statistics,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<CanaryAnalyzer> logger) : BackgroundService
{
    public const string Actor = "canary-analysis";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await AnalyseAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(options.CurrentValue.Canary.Analysis.IntervalMilliseconds), time, stoppingToken);
        }
    }

    /// <summary>One pass over every model with a canary track; returns the models rolled back.</summary>
    public async Task<IReadOnlyList<string>> AnalyseAsync()
    {
        var settings = options.CurrentValue;
        var rolledBack = new List<string>();
        foreach (var model in settings.Models.Where(m => m.Value.CanaryCluster.Length > 0).Select(m => m.Key))
        {
            var share = flags.Share(model);
            if (share <= 0 || !settings.Canary.Analysis.Enabled)
            {
                continue;
            }

            var regression = CanaryAnalysis.FindRegression(
                statistics.For(model, Tracks.Stable).Snapshot(), statistics.For(model, Tracks.Canary).Snapshot(), settings.Canary.Analysis);
            if (regression is null)
            {
                continue;
            }

            try
            {
                await store.SetShareAsync(model, 0, AuditActions.AutoRollback, Actor, regression);
                metrics.RecordRollback(model, automatic: true);
                Log.RolledBack(logger, model, share, regression);
                rolledBack.Add(model);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.RollbackFailed(logger, model, e.Message);
            }
        }

        return rolledBack;
    }
}
