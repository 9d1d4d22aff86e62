using System.Text.Json.Serialization;

namespace Gateway.Canary;

/// <summary>One change to a model's traffic, as the audit file keeps it.</summary>
/// <param name="Time">When, in UTC.</param>
/// <param name="Model">Which model.</param>
/// <param name="Action"><c>set</c>, <c>rollback</c>, <c>auto-rollback</c> or <c>promote</c>.</param>
/// <param name="Actor">Who: <c>token:</c> and a fingerprint of the admin token used, or <c>canary-analysis</c>.</param>
/// <param name="OldPercent">The canary share before.</param>
/// <param name="NewPercent">The canary share after.</param>
/// <param name="Reason">Why, as the actor gave it.</param>
/// <param name="Promoted">For a promotion: the stable version before and after.</param>
internal sealed record AuditRecord(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("old_percent")] double OldPercent,
    [property: JsonPropertyName("new_percent")] double NewPercent,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("promoted"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PromotedVersions? Promoted = null);

/// <summary>What a promotion changed on the stable track.</summary>
/// <param name="From">The stable version before.</param>
/// <param name="To">The version promoted to stable (the canary's).</param>
/// <param name="GateOverridden">Whether the promotion was forced past a failing gate.</param>
internal sealed record PromotedVersions(
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("gate_overridden"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool GateOverridden = false);

/// <summary>The actions an audit record names.</summary>
internal static class AuditActions
{
    public const string Set = "set";
    public const string Rollback = "rollback";
    public const string AutoRollback = "auto-rollback";
    public const string Promote = "promote";
}
