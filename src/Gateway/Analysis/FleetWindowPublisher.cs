using System.Text.Json;
using ControlPlane;
using Microsoft.Extensions.Options;

namespace Gateway.Analysis;

/// <summary>Publishes this replica's window of every model with a canary track to the shared control plane each second, for the analysis leader to merge.</summary>
internal sealed class FleetWindowPublisher(
    IOptionsMonitor<GatewayOptions> options,
    FleetWindows windows,
    IObservedState observed,
    ControlPlaneStatus controlPlane,
    TimeProvider time,
    ILogger<FleetWindowPublisher> logger) : BackgroundService
{
    /// <summary>How often a replica publishes its windows.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // A replica that stops publishing (gone, or cut off) drops out of the merge after three missed publications.
    private static readonly TimeSpan Lifetime = 3 * Interval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!controlPlane.Shared)
        {
            return;
        }

        await PeriodicLoop.RunAsync(nameof(FleetWindowPublisher), PublishAsync, () => Interval, time, logger, stoppingToken);
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        foreach (var model in options.CurrentValue.Models.Where(m => m.Value.CanaryCluster.Length > 0).Select(m => m.Key))
        {
            var report = JsonSerializer.Serialize(windows.Local(model));
            await observed.ReportAsync(FleetWindowReport.Kind(model), report, Lifetime, cancellationToken);
        }
    }
}
