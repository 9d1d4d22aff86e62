using ControlPlane;
using Gateway.Audit;
using Microsoft.Extensions.Options;

namespace Gateway.Flags;

/// <summary>
/// Keeps <see cref="CanaryFlags"/> in step with the control plane. At start-up an empty store is seeded from the seed
/// file; then every newer version is put in force as it is announced (or read by the periodic safety net). A store
/// found empty later (restarted without its data) is seeded again from the flags in force here, which are newer than
/// the seed file: a rollback made since is not undone. Either way the audit trail says so.
/// </summary>
internal sealed class FlagsSync(
    CanaryFlags flags,
    IDesiredState store,
    IOptions<ControlPlaneOptions> controlPlane,
    TimeProvider time,
    ILogger<FlagsSync> logger) : IHostedService, IDisposable
{
    // A replica that has never read the flags from the store waits this long before it seeds an empty one from the
    // seed file, so that, after a store lost its data, a replica that holds newer flags seeds it first.
    private static readonly TimeSpan SeedFileGrace = TimeSpan.FromSeconds(3);

    private IDisposable? _watch;
    private StoredDocument _lastSeen = new(0, "");
    private int _seeding;
    private long? _emptySince;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Unreachable at start-up: the seed file serves until the store answers, and the watch below catches up.
        if (await store.ReadAsync(CanaryFlags.DocumentName, cancellationToken) is { } current)
        {
            await OnChangedAsync(current);
        }

        _watch = store.Watch(CanaryFlags.DocumentName, document => _ = OnChangedAsync(document));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watch?.Dispose();

    private async Task OnChangedAsync(StoredDocument document)
    {
        if (document.Version == 0)
        {
            _emptySince ??= time.GetTimestamp();
            if (flags.Version > 0 || time.GetElapsedTime(_emptySince.Value) >= SeedFileGrace)
            {
                await SeedAsync();
            }

            return;
        }

        // The watch passes versions in order; one lower than the last, or the same with other content, means the store
        // lost its data and was seeded or written again since.
        _emptySince = null;
        var last = Interlocked.Exchange(ref _lastSeen, document);
        var reset = document.Version < last.Version || (document.Version == last.Version && document.Content != last.Content);
        flags.Apply(document, rebase: reset);
    }

    private async Task SeedAsync()
    {
        if (Interlocked.Exchange(ref _seeding, 1) == 1)
        {
            return;
        }

        try
        {
            var fromSeedFile = flags.Version == 0;
            var source = fromSeedFile ? $"{flags.SeedPath} ({GatewayConfig.Section}:Canary:FlagsFile)" : $"the flags in force on {controlPlane.Value.InstanceId} (version {flags.Version})";
            var record = new AuditRecord(time.GetUtcNow(), AuditActions.AllModels, fromSeedFile ? AuditActions.Seed : AuditActions.Reseed,
                controlPlane.Value.InstanceId, 0, 0, $"The control plane had no flags; seeded from {source}.", FlagsVersion: flags.Version + 1);
            var written = await store.CompareAndSetAsync(CanaryFlags.DocumentName, 0, flags.Content, AuditLog.Serialize(record), versionFloor: flags.Version);
            if (written.Current is { Version: > 0 } current)
            {
                Interlocked.Exchange(ref _lastSeen, current);
                flags.Apply(current, rebase: true);
                if (written.Outcome == WriteOutcome.Written)
                {
                    Log.FlagsSeeded(logger, source, current.Version);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _seeding, 0);
        }
    }
}
