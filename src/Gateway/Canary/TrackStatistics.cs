using Gateway.Routing;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Gateway.Canary;

/// <summary>Every model's per-track windows (see <see cref="TrackWindow"/>), created on first use with the configured window.</summary>
internal sealed class TrackStatistics(IOptionsMonitor<GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Model, string Track), TrackWindow> _windows = new();

    public TrackWindow For(string model, string track)
    {
        var window = TimeSpan.FromSeconds(options.CurrentValue.Canary.Analysis.WindowSeconds);
        var found = _windows.GetOrAdd((model, track), _ => new TrackWindow(time, window));
        if (found.Window != window)
        {
            // The window was reconfigured: start a window of the new length.
            found = _windows[(model, track)] = new TrackWindow(time, window);
        }

        return found;
    }

    /// <summary>The share of a model's calls assigned to the canary over the window, in percent; null before any call.</summary>
    public double? RealisedCanaryShare(string model)
    {
        var canary = For(model, Tracks.Canary).Snapshot().Assigned;
        var total = canary + For(model, Tracks.Stable).Snapshot().Assigned;
        return total == 0 ? null : 100.0 * canary / total;
    }
}
