using System.Text.Json;
using ControlPlane;
using Gateway.Flags;

namespace Gateway.Analysis;

/// <summary>
/// A model's track windows over the whole fleet: every replica's last published window merged with this replica's
/// own, as it is now. With a local control plane, or when the shared one cannot be read, this replica's alone.
/// </summary>
internal sealed class FleetWindows(TrackStatistics statistics, CanaryFlags flags, IObservedState observed, ControlPlaneStatus controlPlane,
    Microsoft.Extensions.Options.IOptions<ControlPlaneOptions> options)
{
    /// <summary>This replica's windows of a model, as it publishes them.</summary>
    public FleetWindowReport Local(string model)
    {
        var (stable, canary) = (statistics.For(model, Track.Stable), statistics.For(model, Track.Canary));
        return new(flags.Version, stable.Totals(), canary.Totals(), stable.Run(), canary.Run());
    }

    /// <summary>
    /// The merged windows and runs, and how many replicas they cover; <c>Fleet</c> is false when they are this
    /// replica's alone. A replica that stops publishing takes its run out of the sum: the analysis judges what is there.
    /// </summary>
    public async Task<FleetTracks> MergedAsync(string model, CancellationToken cancellationToken = default)
    {
        var own = Local(model);
        var reports = controlPlane.Shared ? await observed.ReadAsync(FleetWindowReport.Kind(model), cancellationToken) : null;
        if (reports is null)
        {
            return new(own.Stable.ToSnapshot(), own.Canary.ToSnapshot(), own.StableRun, own.CanaryRun, 1, false);
        }

        var merged = new List<FleetWindowReport> { own };
        foreach (var (instance, content) in reports)
        {
            if (instance == options.Value.InstanceId || Parse(content) is not { } report || report.FlagsVersion < own.FlagsVersion)
            {
                continue;
            }

            merged.Add(report);
        }

        return new(
            WindowCounts.Merge(merged.Select(r => r.Stable)).ToSnapshot(merged.Count), WindowCounts.Merge(merged.Select(r => r.Canary)).ToSnapshot(merged.Count),
            WindowCounts.Merge(merged.Select(r => r.StableRun)), WindowCounts.Merge(merged.Select(r => r.CanaryRun)), merged.Count, true);
    }

    private static FleetWindowReport? Parse(string content)
    {
        try
        {
            // Another replica's report is data, not trusted code: one missing a part is left out.
            // One from a replica of an earlier release has windows but no runs: its windows count, its runs are empty.
            return JsonSerializer.Deserialize<FleetWindowReport>(content) is { Stable.Latency: not null, Canary.Latency: not null } report
                ? report with
                {
                    StableRun = report.StableRun is { Latency: not null } stableRun ? stableRun : WindowCounts.Empty,
                    CanaryRun = report.CanaryRun is { Latency: not null } canaryRun ? canaryRun : WindowCounts.Empty,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
