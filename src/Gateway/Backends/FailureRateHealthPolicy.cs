using System.Runtime.CompilerServices;
using Gateway.Analysis;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gateway.Backends;

/// <summary>
/// A passive health policy that, unlike YARP's <c>TransportFailureRate</c>, also counts a backend's 5xx answers: a
/// ModelHost that answers every call with 500 is as broken as one that refuses connections. Past
/// <see cref="BackendHealthOptions.FailureRateLimit"/> the destination leaves rotation for the cluster's reactivation
/// period, then comes back with a clean slate.
/// </summary>
internal sealed class FailureRateHealthPolicy(
    IOptionsMonitor<GatewayOptions> options, IDestinationHealthUpdater health, GatewayMetrics metrics, TimeProvider time) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "FailureRate";
    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(30);
    private readonly ConditionalWeakTable<DestinationState, TrackWindow> _windows = [];

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var settings = options.CurrentValue.BackendHealth;
        var failed = context.Features.Get<IForwarderErrorFeature>() is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError;
        var window = _windows.GetValue(destination, _ => new TrackWindow(time, TimeSpan.FromSeconds(settings.WindowSeconds)));
        window.RecordAnswer(TimeSpan.Zero, failed);
        var (answered, errors) = window.Counts();
        if (answered < settings.MinimumRequests || (double)errors / answered < settings.FailureRateLimit)
        {
            health.SetPassive(cluster, destination, DestinationHealth.Healthy, TimeSpan.Zero);
            return;
        }

        if (destination.Health.Passive != DestinationHealth.Unhealthy)
        {
            metrics.RecordEjection(cluster.ClusterId, destination.DestinationId);
        }

        window.Reset();
        health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation);
    }
}
