using ControlPlane;
using Microsoft.Extensions.Options;

namespace ModelHost.Fleet;

/// <summary>
/// Keeps this host serving what the control plane desires for its track (<see cref="ModelHostOptions.Track"/>): read
/// once before the first models are loaded, so a restarted host never reverts, then on every change. Control plane
/// unreachable: the host serves on what it has, and catches up when it is back.
/// </summary>
internal sealed class DesiredVersionsSync(IDesiredState store, DesiredVersionsProvider provider, RecordedDigests digests, IOptions<ModelHostOptions> options)
    : IHostedService, IDisposable
{
    private IDisposable? _watch;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var track = options.Value.Track;
        if (track.Length == 0)
        {
            return;
        }

        if (await store.ReadAsync(DesiredVersions.DocumentName, cancellationToken) is { } current)
        {
            Apply(current, track);
        }

        _watch = store.Watch(DesiredVersions.DocumentName, document => Apply(document, track));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watch?.Dispose();

    private void Apply(StoredDocument document, string track)
    {
        // A store that comes back empty has forgotten nothing this host needs: it keeps serving what it serves.
        if (document.Version == 0)
        {
            return;
        }

        var desired = DesiredVersions.Parse(document.Content);
        var digestsChanged = digests.Replace(desired);
        provider.Replace(digestsChanged, desired.Models
            .Where(m => m.Value.ContainsKey(track))
            .ToDictionary(m => m.Key, m => m.Value[track].Version, StringComparer.Ordinal));
    }
}
