using ControlPlane;
using Gateway.Audit;
using Gateway.Flags;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Analysis;

/// <summary>
/// Compares every live canary's run with its stable track's (<see cref="CanaryAnalysis"/>) a few times a second and sets a worse one to 0 %, with the reason
/// logged, counted and audited. With a shared control plane one replica at a time does this, the holder of the
/// <see cref="LeaseName"/> lease, over the fleet's merged windows: one rollback, one audit record, one count. If it
/// stops renewing the lease, another replica takes over within <see cref="LeaseDuration"/>. A replica that cannot reach
/// the control plane and sees its own canary failing sends its own canary traffic to stable (local safety) until it
/// can reach it again. A rolled-back canary stays at 0 % until someone raises it; its windows then start afresh.
/// </summary>
internal sealed class CanaryAnalyzer(
    IOptionsMonitor<GatewayOptions> options,
    CanaryFlags flags,
    FlagStore store,
    TrackStatistics statistics,
    FleetWindows fleet,
    ILeases leases,
    ControlPlaneStatus controlPlane,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<CanaryAnalyzer> logger) : BackgroundService
{
    public const string Actor = "canary-analysis";
    public const string LeaseName = "canary-analysis";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(nameof(CanaryAnalyzer), AnalyseAsync,
            () => TimeSpan.FromMilliseconds(options.CurrentValue.Canary.Analysis.IntervalMilliseconds), time, logger, stoppingToken);

    /// <summary>One pass over every model with a canary track; returns the models rolled back.</summary>
    public async Task<IReadOnlyList<string>> AnalyseAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var rolledBack = new List<string>();
        var models = settings.Models.Where(m => m.Value.CanaryCluster.Length > 0).Select(m => m.Key).ToList();
        var leader = settings.Canary.Analysis.Enabled && models.Count > 0 && await leases.TryHoldAsync(LeaseName, LeaseDuration, cancellationToken);
        foreach (var model in models)
        {
            var share = flags.ConfiguredShare(model);
            if (share <= 0 || !settings.Canary.Analysis.Enabled)
            {
                ClearLocalSafety(model);
                continue;
            }

            if (!controlPlane.Reachable)
            {
                // Cut off from the fleet: judge this replica's own windows, and protect its own callers.
                if (Regression(statistics.For(model, Track.Stable).Run(), statistics.For(model, Track.Canary).Run()) is { } failing)
                {
                    SetLocalSafety(model, failing);
                }

                continue;
            }

            ClearLocalSafety(model);
            if (!leader)
            {
                continue;
            }

            var merged = await fleet.MergedAsync(model, cancellationToken);
            if (Regression(merged.StableRun, merged.CanaryRun) is not { } regression)
            {
                continue;
            }

            // Still the holder? A pass can outlast the lease; the one who holds it now decides.
            if (!await leases.TryHoldAsync(LeaseName, LeaseDuration, cancellationToken))
            {
                continue;
            }

            var change = await store.SetShareAsync(model, 0, AuditActions.AutoRollback, Actor, regression, cancellationToken: cancellationToken);
            if (change.Outcome == FlagsChangeOutcome.Unchanged)
            {
                continue;
            }

            if (change.Outcome == FlagsChangeOutcome.Applied)
            {
                metrics.RecordRollback(model, automatic: true);
                Log.RolledBack(logger, model, share, regression);
                rolledBack.Add(model);
            }
            else
            {
                Log.RollbackFailed(logger, model, change.Outcome.ToString());
                SetLocalSafety(model, regression);
            }
        }

        return rolledBack;
    }

    private string? Regression(WindowCounts stable, WindowCounts canary) =>
        CanaryAnalysis.FindRegression(stable, canary, options.CurrentValue.Canary.Analysis);

    private void SetLocalSafety(string model, string reason)
    {
        if (flags.LocalSafety(model) is null)
        {
            Log.LocalSafetyOn(logger, model, reason);
            flags.SetLocalSafety(model, reason);
        }
    }

    private void ClearLocalSafety(string model)
    {
        if (flags.LocalSafety(model) is not null)
        {
            Log.LocalSafetyOff(logger, model);
            flags.SetLocalSafety(model, null);
        }
    }
}
