using System.Globalization;
using ControlPlane;
using Gateway.Audit;
using Gateway.Backends;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// Sets the version a track of a model should serve, in the control plane's <see cref="DesiredVersions"/> document
/// (compare-and-set, audited as <see cref="AuditActions.SetVersion"/>), and waits until every ModelHost of the track
/// that reports to the control plane serves it. If one refuses it, or they do not all get there in
/// <see cref="GatewayOptions.RolloutTimeoutSeconds"/>, the version desired before is put back, so the track converges
/// to where it was, and the answer says where each instance stands.
/// </summary>
internal sealed class VersionRollout(
    IDesiredState store,
    InstanceDirectory instances,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The track's instances that report serving (or loading) the model, by instance id.</summary>
    public IReadOnlyDictionary<string, InstanceHeartbeat> Instances(string model, string track) =>
        instances.Track(track).Where(i => i.Value.Models.ContainsKey(model)).ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);

    /// <summary>The weights' digest a version has on the instances of a track that serve it, or null.</summary>
    public string? Digest(string model, string track, string version) =>
        instances.Track(track).Values.Select(i => i.Models.GetValueOrDefault(model))
            .FirstOrDefault(m => m?.Version == version && m.Sha256 is not null)?.Sha256;

    public async Task<RolloutResult> RollOutAsync(string model, string track, DesiredVersion target, string actor, string reason, CancellationToken cancellationToken)
    {
        if (Instances(model, track).Count == 0)
        {
            return new RolloutResult(RolloutOutcome.NoInstances, null,
                $"No {track} ModelHost of {model} reports to the control plane: give each ModelHost:Track={track} and the gateway's ControlPlane settings.");
        }

        var (written, previous) = await SetAsync(model, track, target, actor, reason, cancellationToken);
        if (written is not null)
        {
            return new RolloutResult(RolloutOutcome.Unavailable, null, written);
        }

        // From here on the rollout runs to its end even if the caller goes away (a proxy's timeout, Ctrl+C): the hosts
        // must not be left on a version nobody confirmed. The deadline bounds it.
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(options.CurrentValue.RolloutTimeoutSeconds);
        string? failure = null;
        while (true)
        {
            await instances.RefreshAsync(CancellationToken.None);
            var live = Instances(model, track);
            var refused = live.FirstOrDefault(i => i.Value.Models[model] is { Requested: var requested, Error: { } } m && requested == target.Version && m.Version != target.Version);
            if (refused.Value is not null)
            {
                failure = $"{refused.Key} refused {model} {target.Version}: {refused.Value.Models[model].Error}";
                break;
            }

            if (live.Count > 0 && live.Values.All(i => i.Ready && i.Models[model].Version == target.Version))
            {
                return new RolloutResult(RolloutOutcome.Done, previous, Describe(live, model));
            }

            if (time.GetUtcNow() > deadline)
            {
                failure = $"not every {track} instance served {model} {target.Version} within {options.CurrentValue.RolloutTimeoutSeconds} s";
                break;
            }

            await Task.Delay(Poll, time, CancellationToken.None);
        }

        // Put back what was desired before (nothing, if nothing was), so the instances that swapped swap back; unless
        // another change has replaced this one meanwhile, which then stands.
        var state = Describe(Instances(model, track), model);
        var (undoError, _) = await SetAsync(model, track, previous, actor, $"{reason} (undone: {failure})", CancellationToken.None, onlyIf: target);
        var undone = undoError is null
            ? $"The desired version is back to {previous?.Version ?? "none (each host's configuration)"}."
            : $"The desired version was not put back: {undoError}";
        return new RolloutResult(RolloutOutcome.Failed, previous, $"{failure}. Instances: {state}. {undone}");
    }

    // Compare-and-set of one entry of the document, again on top of any concurrent change (but, with onlyIf, only while
    // the entry is still that); the error, or null, and what was desired before.
    private async Task<(string? Error, DesiredVersion? Previous)> SetAsync(
        string model, string track, DesiredVersion? target, string actor, string reason, CancellationToken cancellationToken, DesiredVersion? onlyIf = null)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var current = await store.ReadAsync(DesiredVersions.DocumentName, cancellationToken);
            if (current is null)
            {
                return ("The control plane cannot be reached; nothing was changed.", null);
            }

            var document = DesiredVersions.Parse(current.Content);
            var previous = document.For(model, track);
            if (onlyIf is not null && previous != onlyIf)
            {
                return ($"another change set it to {previous?.Version ?? "none"} meanwhile, and that stands.", previous);
            }

            var record = new AuditRecord(time.GetUtcNow(), model, AuditActions.SetVersion, actor, 0, 0,
                string.Create(CultureInfo.InvariantCulture, $"{track}: {previous?.Version ?? "(configured)"} -> {target?.Version ?? "(configured)"}. {reason}"),
                target is null ? null : new PromotedVersions(previous?.Version, target.Version));
            var written = await store.CompareAndSetAsync(
                DesiredVersions.DocumentName, current.Version, document.With(model, track, target).Serialize(), AuditLog.Serialize(record), cancellationToken: cancellationToken);
            switch (written.Outcome)
            {
                case WriteOutcome.Written:
                    return (null, previous);
                case WriteOutcome.Unavailable:
                    return ("The control plane cannot be reached; nothing was changed.", null);
                default:
                    continue;
            }
        }

        return ("The desired versions kept changing under this change; try again.", null);
    }

    private static string Describe(IReadOnlyDictionary<string, InstanceHeartbeat> live, string model) =>
        live.Count == 0 ? "none reporting"
            : string.Join("; ", live.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i =>
                $"{i.Key} serves {i.Value.Models[model].Version ?? "nothing"}{(i.Value.Models[model].Error is { } e ? $" ({e})" : "")}"));
}

/// <summary>How a rollout ended.</summary>
internal enum RolloutOutcome
{
    /// <summary>Every instance of the track serves the version.</summary>
    Done,

    /// <summary>No instance of the track reports to the control plane.</summary>
    NoInstances,

    /// <summary>The control plane could not be reached; nothing changed.</summary>
    Unavailable,

    /// <summary>An instance refused the version or the rollout timed out; the version desired before was put back.</summary>
    Failed,
}

/// <summary>A rollout's outcome, the version desired before it, and where the instances stand.</summary>
internal sealed record RolloutResult(RolloutOutcome Outcome, DesiredVersion? Previous, string Detail);
