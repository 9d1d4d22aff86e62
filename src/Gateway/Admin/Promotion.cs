using ControlPlane;
using Gateway.Audit;
using Gateway.Flags;
using Gateway.Backends;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// Promotes a model's canary version to stable through the control plane: the stable track's desired version becomes
/// the canary's (with the weights' digest the canary reports), every stable ModelHost swaps to it hot, and once all of
/// them serve it the canary goes to 0 % and the audit names both versions. If any refuses, or they do not all get there
/// in time, the desired version is put back and the share is left alone. With ShadowCompare configured, a candidate
/// that fails its promotion gate is refused unless forced with a reason. The cache follows by itself: its keys hold
/// the track's version.
/// </summary>
internal sealed class Promotion(
    IOptionsMonitor<GatewayOptions> options,
    TrackVersions versions,
    VersionRollout rollout,
    FlagStore store,
    PromotionGate gate,
    GatewayMetrics metrics)
{
    /// <returns>The audit record, or null with the status and reason it was refused.</returns>
    public async Task<(AuditRecord? Record, int Status, string Error)> PromoteAsync(string model, string actor, string reason, bool force, CancellationToken cancellationToken)
    {
        var route = options.CurrentValue.Models[model];
        if (route.CanaryCluster.Length == 0)
        {
            return (null, StatusCodes.Status409Conflict, $"Model '{model}' has no canary track to promote.");
        }

        var candidate = versions.Get(route.CanaryCluster, model);
        if (candidate is null)
        {
            return (null, StatusCodes.Status409Conflict, $"The canary's version of '{model}' is not known yet: no canary backend has answered.");
        }

        var overridden = false;
        double? score = null;
        if (gate.IsConfigured)
        {
            var verdict = await gate.CheckAsync(model, candidate, versions.Get(route.StableCluster, model), cancellationToken);
            if (!verdict.Passed && !force)
            {
                return (null, StatusCodes.Status409Conflict,
                    $"{model} {candidate} does not pass the promotion gate: {verdict.Reason}. To promote anyway, send {{\"force\": true, \"reason\": \"…\"}}.");
            }

            overridden = !verdict.Passed;
            score = verdict.Score;
            reason = overridden ? $"{reason} (forced past the gate: {verdict.Reason})" : reason;
        }

        var from = versions.Get(route.StableCluster, model);
        var target = new DesiredVersion(candidate, rollout.Digest(model, TrackNames.Canary, candidate));
        var result = await rollout.RollOutAsync(model, TrackNames.Stable, target, actor, $"promotion: {reason}", cancellationToken);
        if (result.Outcome != RolloutOutcome.Done)
        {
            return (null, Status(result.Outcome), $"{model} {candidate} was not promoted: {result.Detail}");
        }

        versions.Set(route.StableCluster, model, candidate);
        metrics.RecordPromotion(model);
        // Stable serves the candidate now: the share follows even if the caller has gone away meanwhile.
        var change = await store.SetShareAsync(model, 0, AuditActions.Promote, actor, reason, new PromotedVersions(from, candidate, overridden, score), cancellationToken: CancellationToken.None);
        return change.Outcome == FlagsChangeOutcome.Applied
            ? (change.Record, StatusCodes.Status200OK, "")
            : (null, StatusCodes.Status503ServiceUnavailable,
                $"Stable now serves {model} {candidate}, but the control plane could not be reached to set the canary share to 0: set it when it is back.");
    }

    /// <summary>The HTTP status of a rollout that did not finish.</summary>
    public static int Status(RolloutOutcome outcome) => outcome switch
    {
        RolloutOutcome.NoInstances => StatusCodes.Status409Conflict,
        RolloutOutcome.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status502BadGateway,
    };
}
