using ControlPlane;
using Microsoft.Extensions.Primitives;

namespace Gateway.Backends;

/// <summary>
/// The ModelHost instances that report to the control plane, by track, read every second: where the gateway's
/// destinations come from (<see cref="HeartbeatDestinationResolver"/>) and what a promotion waits on. When the set of
/// instances or what they serve changes, its change token fires. Control plane unreachable: the last instances known stay.
/// </summary>
internal sealed class InstanceDirectory(IObservedState observed, IConfiguration configuration, TimeProvider time, ILogger<InstanceDirectory> logger) : BackgroundService
{
    private volatile IReadOnlyDictionary<string, IReadOnlyDictionary<string, InstanceHeartbeat>> _byTrack =
        new Dictionary<string, IReadOnlyDictionary<string, InstanceHeartbeat>>(StringComparer.Ordinal);

    private CancellationTokenSource _changed = new();

    /// <summary>Fires when the instances, or what they report, change.</summary>
    public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

    /// <summary>A track's instances as last read, by instance id.</summary>
    public IReadOnlyDictionary<string, InstanceHeartbeat> Track(string track) =>
        _byTrack.GetValueOrDefault(track) ?? new Dictionary<string, InstanceHeartbeat>(StringComparer.Ordinal);

    /// <summary>Reads every track's instances now; true when they changed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var next = new Dictionary<string, IReadOnlyDictionary<string, InstanceHeartbeat>>(StringComparer.Ordinal);
        foreach (var track in Tracks())
        {
            var reports = await observed.ReadAsync(InstanceHeartbeat.Kind(track), cancellationToken);
            if (reports is null)
            {
                return false;
            }

            next[track] = reports
                .Select(r => (r.Key, Heartbeat: InstanceHeartbeat.Parse(r.Value)))
                .Where(r => r.Heartbeat is not null)
                .ToDictionary(r => r.Key, r => r.Heartbeat!, StringComparer.Ordinal);
        }

        if (Same(_byTrack, next))
        {
            return false;
        }

        _byTrack = next;
        var changed = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        await changed.CancelAsync();
        changed.Dispose();
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(nameof(InstanceDirectory), RefreshAsync, () => InstanceHeartbeat.Interval, time, logger, stoppingToken);

    // The tracks the proxy's destinations name (ReverseProxy:Clusters:*:Destinations:*:Metadata:Track).
    private HashSet<string> Tracks() =>
        configuration.GetSection("ReverseProxy:Clusters").GetChildren()
            .SelectMany(c => c.GetSection("Destinations").GetChildren())
            .Select(d => d[$"Metadata:{HeartbeatDestinationResolver.TrackKey}"])
            .OfType<string>()
            .Where(t => t.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

    private static bool Same(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, InstanceHeartbeat>> a,
        Dictionary<string, IReadOnlyDictionary<string, InstanceHeartbeat>> b) =>
        a.Count == b.Count && a.All(track => b.TryGetValue(track.Key, out var other)
            && track.Value.Count == other.Count
            && track.Value.All(i => other.TryGetValue(i.Key, out var o) && Equivalent(i.Value, o)));

    private static bool Equivalent(InstanceHeartbeat a, InstanceHeartbeat b) =>
        a.Address == b.Address && a.Ready == b.Ready && a.Track == b.Track
        && a.Models.Count == b.Models.Count && a.Models.All(m => b.Models.TryGetValue(m.Key, out var other) && other == m.Value);
}
