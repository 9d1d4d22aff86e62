using ControlPlane;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ModelHost.Models;

namespace ModelHost.Fleet;

/// <summary>
/// Reports this host to the control plane each second (<see cref="InstanceHeartbeat"/>): its address, track,
/// readiness and the version of each model it serves. Only a host with a <see cref="ModelHostOptions.Track"/> reports.
/// </summary>
internal sealed class HeartbeatPublisher(
    IObservedState observed,
    ModelRegistry registry,
    IServer server,
    IOptions<ModelHostOptions> options,
    TimeProvider time,
    ILogger<HeartbeatPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var track = options.Value.Track;
        if (track.Length == 0)
        {
            return;
        }

        await PeriodicLoop.RunAsync(nameof(HeartbeatPublisher), async cancellationToken =>
        {
            if (Address() is { } address)
            {
                await observed.ReportAsync(InstanceHeartbeat.Kind(track), Heartbeat(address, track).Serialize(), InstanceHeartbeat.Lifetime, cancellationToken);
            }
        }, () => InstanceHeartbeat.Interval, time, logger, stoppingToken);
    }

    private InstanceHeartbeat Heartbeat(string address, string track)
    {
        var serving = registry.Serving.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var models = registry.States.ToDictionary(
            s => s.Name,
            s => new ServedModel(s.Serving, s.Serving is null ? null : serving.GetValueOrDefault(s.Name)?.Manifest?.Sha256, s.LastError, s.Requested),
            StringComparer.Ordinal);
        return new InstanceHeartbeat(address, track, registry.IsReady, models);
    }

    // Where the gateway can reach this host: as configured, or the first address Kestrel listens on.
    private string? Address()
    {
        if (options.Value.AdvertisedUrl.Length > 0)
        {
            return options.Value.AdvertisedUrl.TrimEnd('/');
        }

        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is null || !Uri.TryCreate(listening.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? Environment.MachineName : uri.Host;
        return $"{uri.Scheme}://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{uri.Port}";
    }
}
