using System.Text.Json.Serialization;

namespace Gateway.Audit;

/// <summary>One change to desired state, as the control plane's audit trail keeps it.</summary>
/// <param name="Time">When, in UTC.</param>
/// <param name="Model">Which model; <c>*</c> for the whole flags document (a seed).</param>
/// <param name="Action"><c>set</c>, <c>rollback</c>, <c>auto-rollback</c>, <c>promote</c>, <c>set-version</c> (a track's desired model version), <c>seed</c> or <c>reseed</c>.</param>
/// <param name="Actor">Who: the name of the admin token used (<c>Gateway:AdminTokens:{name}</c>), <c>canary-analysis</c>, or a replica's instance id for a seed.</param>
/// <param name="OldPercent">The canary share before.</param>
/// <param name="NewPercent">The canary share after.</param>
/// <param name="Reason">Why, as the actor gave it.</param>
/// <param name="Promoted">For a promotion or a set-version: the version before and after.</param>
/// <param name="FlagsVersion">The flags document's version after the change.</param>
internal sealed record AuditRecord(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("old_percent")] double OldPercent,
    [property: JsonPropertyName("new_percent")] double NewPercent,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("promoted"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PromotedVersions? Promoted = null,
    [property: JsonPropertyName("flags_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long FlagsVersion = 0);

/// <summary>What a promotion changed on the stable track.</summary>
/// <param name="From">The stable version before.</param>
/// <param name="To">The version promoted to stable (the canary's).</param>
/// <param name="GateOverridden">Whether the promotion was forced past a failing gate.</param>
/// <param name="ReleaseScore">The candidate's release score (0 to 100) as the gate computed it; absent without a gate or a score.</param>
internal sealed record PromotedVersions(
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("gate_overridden"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool GateOverridden = false,
    [property: JsonPropertyName("release_score"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ReleaseScore = null);

/// <summary>The actions an audit record names.</summary>
internal static class AuditActions
{
    public const string Set = "set";
    public const string Rollback = "rollback";
    public const string AutoRollback = "auto-rollback";
    public const string Promote = "promote";
    public const string SetVersion = "set-version";
    public const string Seed = "seed";
    public const string Reseed = "reseed";
    public const string AllModels = "*";
}
