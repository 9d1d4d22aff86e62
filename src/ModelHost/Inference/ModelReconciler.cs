using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ModelHost.Store;
using ModelHost.Telemetry;

namespace ModelHost.Inference;

/// <summary>
/// Makes the served models match configuration: at start-up before readiness, and again on every configuration
/// reload. A new version is loaded and warmed up beside the old one, swapped in, and the old one drains.
/// A version that cannot be loaded is refused and logged; whatever was serving keeps serving.
/// </summary>
internal sealed partial class ModelReconciler(
    IModelStore store,
    ModelLoader loader,
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
        var result = validator.Validate(null, options.CurrentValue);
        return result.Failed
            ? throw new OptionsValidationException(ModelHostConfig.Section, typeof(ModelHostOptions), result.Failures)
            : base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = options.OnChange((_, _) => _changed.Writer.TryWrite(true));
        await ReconcileAsync(stoppingToken);
        registry.MarkLoaded();
        LogReady(logger, registry.Serving.Count());
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
        var settings = options.CurrentValue;
        var validation = validator.Validate(null, settings);
        if (validation.Failed)
        {
            LogInvalidConfiguration(logger, validation.FailureMessage);
            return;
        }

        IReadOnlyDictionary<string, IReadOnlyList<string>> available;
        try
        {
            available = await store.ListAsync(cancellationToken);
        }
        catch (Exception e) when (e is ModelStoreException or HttpRequestException or IOException)
        {
            LogStoreUnreadable(logger, e.Message);
            available = new Dictionary<string, IReadOnlyList<string>>();
        }

        var desired = settings.Models.Count > 0
            ? settings.Models
            : available.Keys.ToDictionary(k => k, _ => ModelHostConfig.LatestVersion, StringComparer.Ordinal);

        foreach (var (name, requested) in desired)
        {
            await ReconcileModelAsync(name, requested, available.GetValueOrDefault(name) ?? [], settings.Models.Count > 0, cancellationToken);
        }

        foreach (var stale in registry.Serving.Where(m => !desired.ContainsKey(m.Name)).ToList())
        {
            registry.Remove(stale.Name);
            LogUnloaded(logger, stale.Name, stale.Version);
        }
    }

    private async Task ReconcileModelAsync(string name, string requested, IReadOnlyList<string> versions, bool required, CancellationToken cancellationToken)
    {
        var version = requested == ModelHostConfig.LatestVersion ? ModelVersion.Resolve(requested, versions) : requested;
        if (version is null)
        {
            var error = $"model '{name}': the store has no stable version to serve as 'latest'";
            registry.RecordFailure(name, requested, error, required);
            LogRefused(logger, name, requested, error);
            return;
        }

        if (registry.IsServing(name, version))
        {
            return;
        }

        try
        {
            var loaded = await loader.LoadAsync(name, version, cancellationToken);
            registry.Swap(loaded, requested, required);
            metrics.RecordLoad(name, version, succeeded: true);
            LogLoaded(logger, name, version);
        }
        catch (ModelStoreException e)
        {
            registry.RecordFailure(name, requested, e.Message, required);
            metrics.RecordLoad(name, version, succeeded: false);
            LogRefused(logger, name, version, e.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Serving model {Model} version {Version}")]
    private static partial void LogLoaded(ILogger logger, string model, string version);

    [LoggerMessage(2, LogLevel.Error, "Refused model {Model} version {Version}: {Cause}")]
    private static partial void LogRefused(ILogger logger, string model, string version, string cause);

    [LoggerMessage(3, LogLevel.Information, "Stopped serving model {Model} version {Version}: no longer configured")]
    private static partial void LogUnloaded(ILogger logger, string model, string version);

    [LoggerMessage(4, LogLevel.Error, "The model store cannot be listed: {Cause}")]
    private static partial void LogStoreUnreadable(ILogger logger, string cause);

    [LoggerMessage(5, LogLevel.Error, "The reloaded configuration is invalid and was not applied: {Cause}")]
    private static partial void LogInvalidConfiguration(ILogger logger, string cause);

    [LoggerMessage(6, LogLevel.Information, "Ready: {Count} model(s) loaded and warmed up")]
    private static partial void LogReady(ILogger logger, int count);
}
