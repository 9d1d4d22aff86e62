using System.Collections.Concurrent;
using Gateway.Flags;
using Microsoft.Extensions.Options;

namespace Gateway.Analysis;

/// <summary>
/// Every model's per-track windows (see <see cref="TrackWindow"/>), created on first use with the configured window. A
/// canary's window starts afresh when its share rises from 0 %, so the failures that had it rolled back do not roll it
/// straight back again; stable's run starts afresh with it, so the analysis compares the two over the same time.
/// </summary>
internal sealed class TrackStatistics
{
    private readonly ConcurrentDictionary<(string Model, Track Track), TrackWindow> _windows = new();
    private readonly ConcurrentDictionary<string, long> _runs = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly TimeProvider _time;

    public TrackStatistics(IOptionsMonitor<GatewayOptions> options, CanaryFlags flags, TimeProvider time)
    {
        _options = options;
        _time = time;
        flags.CanaryRaised += model =>
        {
            _runs.AddOrUpdate(model, 1, static (_, run) => run + 1);
            For(model, Track.Canary).Reset();
            For(model, Track.Stable).ResetRun();
        };
    }

    /// <summary>The model's run: a number that changes each time its canary starts afresh (for the per-run caller cap).</summary>
    public long Run(string model) => _runs.GetValueOrDefault(model);

    public TrackWindow For(string model, Track track)
    {
        var window = TimeSpan.FromSeconds(_options.CurrentValue.Canary.Analysis.WindowSeconds);
        var found = _windows.GetOrAdd((model, track), _ => new TrackWindow(_time, window));
        if (found.Window != window)
        {
            // The window was reconfigured: start a window of the new length.
            found = _windows[(model, track)] = new TrackWindow(_time, window);
        }

        return found;
    }

    /// <summary>The share of a model's calls assigned to the canary over the window, in percent; null before any call.</summary>
    public double? RealisedCanaryShare(string model)
    {
        var canary = For(model, Track.Canary).Snapshot().Assigned;
        var total = canary + For(model, Track.Stable).Snapshot().Assigned;
        return total == 0 ? null : 100.0 * canary / total;
    }
}
