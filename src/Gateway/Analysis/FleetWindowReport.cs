using System.Text.Json.Serialization;

namespace Gateway.Analysis;

/// <summary>One replica's windows and runs of one model, as it publishes them to the control plane each second.</summary>
/// <param name="FlagsVersion">The flags version in force on the replica: a report from before a change is not merged after it.</param>
/// <param name="Stable">The stable track's window.</param>
/// <param name="Canary">The canary track's window.</param>
/// <param name="StableRun">The stable track's counts since the canary last started.</param>
/// <param name="CanaryRun">The canary track's counts since it last started (the canary analysis judges these).</param>
internal sealed record FleetWindowReport(
    [property: JsonPropertyName("flags_version")] long FlagsVersion,
    [property: JsonPropertyName("stable")] WindowCounts Stable,
    [property: JsonPropertyName("canary")] WindowCounts Canary,
    [property: JsonPropertyName("stable_run")] WindowCounts StableRun,
    [property: JsonPropertyName("canary_run")] WindowCounts CanaryRun)
{
    /// <summary>The kind of report, per model, in the control plane's observed state.</summary>
    public static string Kind(string model) => "canary-window:" + model;
}
