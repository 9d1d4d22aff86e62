using System.Text.Json.Serialization;
using Gateway.Canary;
using Gateway.Routing;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Admin;

/// <summary>What <c>GET /admin/models</c> shows of each model: configured and realised canary share, each track's version, health and traffic over the window, and the last rollback and promotion.</summary>
internal sealed class ModelStatusReport(
    IOptionsMonitor<GatewayOptions> options, CanaryFlags flags, TrackStatistics statistics, TrackVersions versions, IProxyStateLookup proxyState, AuditLog audit)
{
    private static readonly string[] Rollbacks = [AuditActions.Rollback, AuditActions.AutoRollback];
    private static readonly string[] Promotions = [AuditActions.Promote];

    public ModelStatus For(string model)
    {
        var route = options.CurrentValue.Models[model];
        var tracks = new Dictionary<string, TrackStatus> { [Tracks.Stable] = Track(model, Tracks.Stable, route.StableCluster) };
        if (route.CanaryCluster.Length > 0)
        {
            tracks[Tracks.Canary] = Track(model, Tracks.Canary, route.CanaryCluster);
        }

        return new ModelStatus(
            model,
            new CanaryShare(route.CanaryCluster.Length > 0 ? flags.Share(model) : 0, statistics.RealisedCanaryShare(model), FlagsDocument.FlagId(model)),
            options.CurrentValue.Canary.Analysis.WindowSeconds,
            tracks,
            audit.Latest(model, Rollbacks),
            audit.Latest(model, Promotions));
    }

    private TrackStatus Track(string model, string track, string cluster)
    {
        var snapshot = statistics.For(model, track).Snapshot();
        var found = proxyState.TryGetCluster(cluster, out var state);
        return new TrackStatus(
            cluster,
            versions.Get(cluster, model),
            found ? state!.DestinationsState.AvailableDestinations.Count : 0,
            found ? state!.DestinationsState.AllDestinations.Count : 0,
            snapshot.Assigned,
            snapshot.Answered,
            snapshot.Errors,
            Math.Round(snapshot.ErrorRate, 4),
            Math.Round(snapshot.P50.TotalMilliseconds, 3),
            Math.Round(snapshot.P99.TotalMilliseconds, 3));
    }
}

/// <summary>One model's traffic and controls, as the admin API reports it.</summary>
internal sealed record ModelStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("canary")] CanaryShare Canary,
    [property: JsonPropertyName("window_seconds")] int WindowSeconds,
    [property: JsonPropertyName("tracks")] Dictionary<string, TrackStatus> Tracks,
    [property: JsonPropertyName("last_rollback")] AuditRecord? LastRollback,
    [property: JsonPropertyName("last_promotion")] AuditRecord? LastPromotion);

/// <summary>A model's canary share: as configured in the flags, and as realised over the window (null before any call).</summary>
internal sealed record CanaryShare(
    [property: JsonPropertyName("configured_percent")] double ConfiguredPercent,
    [property: JsonPropertyName("realised_percent")] double? RealisedPercent,
    [property: JsonPropertyName("flag")] string Flag);

/// <summary>One track over the window: its cluster, version, backends in rotation, calls and backend latency.</summary>
internal sealed record TrackStatus(
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    [property: JsonPropertyName("healthy_backends")] int HealthyBackends,
    [property: JsonPropertyName("backends")] int Backends,
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("backend_answers")] long BackendAnswers,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("error_rate")] double ErrorRate,
    [property: JsonPropertyName("p50_ms")] double P50Milliseconds,
    [property: JsonPropertyName("p99_ms")] double P99Milliseconds);
