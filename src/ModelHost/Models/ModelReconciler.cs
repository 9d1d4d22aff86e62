using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ModelHost.Inference;
using ModelHost.Store;
using ModelHost.Telemetry;

namespace ModelHost.Models;

/// <summary>
/// Makes the served models match configuration: at start-up before readiness, and again on every configuration
/// reload. A new version is loaded and warmed up beside the old one, swapped in, and the old one drains.
/// A version that cannot be loaded is refused and logged; whatever was serving keeps serving.
/// </summary>
internal sealed class ModelReconciler(
    IModelStore store,
    ModelLoader loader,
    Fleet.RecordedDigests digests,
    ModelRegistry registry,
    IOptionsMonitor<ModelHostOptions> options,
    ModelHostOptionsValidator validator,
    ModelHostMetrics metrics,
    ILogger<ModelReconciler> logger) : BackgroundService
{
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Refuses to start on invalid settings, naming every bad key.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        validator.Check(options.CurrentValue);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = options.OnChange((_, _) => _changed.Writer.TryWrite(true));
        await ReconcileAsync(stoppingToken);
        registry.MarkLoaded();
        Log.Ready(logger, registry.Serving.Count());
        while (await _changed.Reader.WaitToReadAsync(stoppingToken))
        {
            _changed.Reader.TryRead(out _);
            await ReconcileAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var model in registry.Serving.ToList())
        {
            registry.Remove(model.Name);
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // Always settings that passed the validator: a bad reload never reaches this monitor (LastGoodOptionsMonitor).
        var settings = options.CurrentValue;

        IReadOnlyDictionary<string, IReadOnlyList<string>> available;
        try
        {
            available = await store.ListAsync(cancellationToken);
        }
        catch (Exception e) when (e is ModelStoreException or HttpRequestException or IOException)
        {
            Log.StoreUnreadable(logger, e.Message);
            available = new Dictionary<string, IReadOnlyList<string>>();
        }

        var desired = settings.Models.Count > 0
            ? new Dictionary<string, string>(settings.Models, StringComparer.Ordinal)
            : available.Keys.ToDictionary(k => k, _ => ModelHostConfig.LatestVersion, StringComparer.Ordinal);
        foreach (var (name, pinned) in settings.Pins)
        {
            desired[name] = pinned;
        }

        foreach (var (name, requested) in desired)
        {
            var required = settings.Models.Count > 0 || settings.Pins.ContainsKey(name);
            await ReconcileModelAsync(name, requested, available.GetValueOrDefault(name) ?? [], required, cancellationToken);
        }

        foreach (var stale in registry.Serving.Where(m => !desired.ContainsKey(m.Name)).ToList())
        {
            registry.Remove(stale.Name);
            Log.Unloaded(logger, stale.Name, stale.Version);
        }
    }

    private async Task ReconcileModelAsync(string name, string requested, IReadOnlyList<string> versions, bool required, CancellationToken cancellationToken)
    {
        var version = requested == ModelHostConfig.LatestVersion ? ModelVersion.Resolve(requested, versions) : requested;
        if (version is null)
        {
            var error = $"model '{name}': the store has no stable version to serve as 'latest'";
            registry.RecordFailure(name, requested, error, required);
            Log.Refused(logger, name, requested, error);
            return;
        }

        if (registry.IsServing(name, version))
        {
            return;
        }

        try
        {
            var settings = options.CurrentValue;
            var loaded = await loader.LoadAsync(name, version, new LoadSettings(settings.IntraOpThreads, settings.BatchingFor(name), digests.For(name, version)), cancellationToken);
            registry.Swap(loaded, requested, required);
            metrics.RecordLoad(name, version, succeeded: true);
            Log.Loaded(logger, name, version);
        }
        catch (ModelStoreException e)
        {
            registry.RecordFailure(name, requested, e.Message, required);
            metrics.RecordLoad(name, version, succeeded: false);
            Log.Refused(logger, name, version, e.Message);
        }
    }
}
