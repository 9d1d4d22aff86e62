using System.Text.Json.Serialization;
using ControlPlane;
using Gateway.Analysis;
using Gateway.Audit;
using Gateway.Flags;
using Gateway.Backends;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Admin;

/// <summary>
/// What <c>GET /admin/models</c> shows of each model: configured and realised canary share, each track's version, health
/// and traffic over the window, merged over every replica that reports to the control plane, the last rollback and
/// promotion, and the flags version in force on the replica that answered.
/// </summary>
internal sealed class ModelStatusReport(
    IOptionsMonitor<GatewayOptions> options, CanaryFlags flags, FleetWindows fleet, TrackVersions versions, IProxyStateLookup proxyState, AuditLog audit, VersionRollout rollout,
    ControlPlaneStatus controlPlane)
{
    private static readonly string[] Rollbacks = [AuditActions.Rollback, AuditActions.AutoRollback];
    private static readonly string[] Promotions = [AuditActions.Promote];

    public async Task<ModelStatus> ForAsync(string model, CancellationToken cancellationToken)
    {
        var route = options.CurrentValue.Models[model];
        var (stable, canary, _, _, replicas, _) = await fleet.MergedAsync(model, cancellationToken);
        var tracks = new Dictionary<string, TrackStatus> { [TrackNames.Stable] = StatusOf(model, TrackNames.Stable, stable, route.StableCluster) };
        if (route.CanaryCluster.Length > 0)
        {
            tracks[TrackNames.Canary] = StatusOf(model, TrackNames.Canary, canary, route.CanaryCluster);
        }

        var assigned = stable.Assigned + canary.Assigned;

        return new ModelStatus(
            model,
            new CanaryShare(route.CanaryCluster.Length > 0 ? flags.ConfiguredShare(model) : 0, assigned == 0 ? null : 100.0 * canary.Assigned / assigned, FlagsDocument.FlagId(model), flags.LocalSafety(model)),
            options.CurrentValue.Canary.Analysis.WindowSeconds,
            replicas,
            tracks,
            await audit.LatestAsync(model, Rollbacks, cancellationToken),
            await audit.LatestAsync(model, Promotions, cancellationToken),
            new FlagsState(flags.Version, controlPlane.Shared ? "redis" : "local", controlPlane.Reachable, controlPlane.Error));
    }

    private TrackStatus StatusOf(string model, string track, TrackSnapshot snapshot, string cluster)
    {
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
            Math.Round(snapshot.P99.TotalMilliseconds, 3),
            [.. rollout.Instances(model, track).OrderBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => new InstanceStatus(i.Key, i.Value.Address, i.Value.Models[model].Version, i.Value.Ready, i.Value.Models[model].Error))],
            versions.Facts(cluster, model));
    }
}

/// <summary>One model's traffic and controls, as the admin API reports it.</summary>
internal sealed record ModelStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("canary")] CanaryShare Canary,
    [property: JsonPropertyName("window_seconds")] int WindowSeconds,
    [property: JsonPropertyName("replicas")] int Replicas,
    [property: JsonPropertyName("tracks")] Dictionary<string, TrackStatus> Tracks,
    [property: JsonPropertyName("last_rollback")] AuditRecord? LastRollback,
    [property: JsonPropertyName("last_promotion")] AuditRecord? LastPromotion,
    [property: JsonPropertyName("flags")] FlagsState Flags);

/// <summary>The flags in force on the replica that answered: their control-plane version, and whether it reaches the control plane.</summary>
internal sealed record FlagsState(
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("control_plane")] string ControlPlane,
    [property: JsonPropertyName("reachable")] bool Reachable,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

/// <summary>
/// A model's canary share: as configured in the flags, and as realised over the window (null before any call); and,
/// when this replica sends its canary traffic to stable on its own (failing canary, control plane unreachable), why.
/// </summary>
internal sealed record CanaryShare(
    [property: JsonPropertyName("configured_percent")] double ConfiguredPercent,
    [property: JsonPropertyName("realised_percent")] double? RealisedPercent,
    [property: JsonPropertyName("flag")] string Flag,
    [property: JsonPropertyName("local_safety"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LocalSafety = null);

/// <summary>One track over the window: its cluster, version, backends in rotation, calls, backend latency, and the instances that report to the control plane.</summary>
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
    [property: JsonPropertyName("p99_ms")] double P99Milliseconds,
    [property: JsonPropertyName("instances")] IReadOnlyList<InstanceStatus> Instances,
    [property: JsonPropertyName("model")] ModelFacts? Model);

/// <summary>A ModelHost of the track that reports to the control plane: where it is, what it serves, whether it is ready.</summary>
internal sealed record InstanceStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
