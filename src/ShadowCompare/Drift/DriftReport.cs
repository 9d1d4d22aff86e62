using System.Text.Json.Serialization;

namespace ShadowCompare.Drift;

/// <summary>How the live inputs of the last hours compare with the reference of the version that served them.</summary>
/// <param name="Version">The serving (baseline) version whose reference the inputs are measured against.</param>
/// <param name="Dataset">The reference's data.</param>
/// <param name="ReferenceRows">The reference's rows.</param>
/// <param name="WindowHours">How far back the live inputs go.</param>
/// <param name="Since">The start of the window (the hour it begins).</param>
/// <param name="Rows">Live instances counted in the window.</param>
/// <param name="MinimumRows">The rows a feature needs before it is judged.</param>
/// <param name="Drifted">The features judged drifted, by name.</param>
/// <param name="Features">Every feature's figures.</param>
internal sealed record DriftReport(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("reference_rows")] long ReferenceRows,
    [property: JsonPropertyName("window_hours")] int WindowHours,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("minimum_rows")] int MinimumRows,
    [property: JsonPropertyName("drifted")] IReadOnlyList<string> Drifted,
    [property: JsonPropertyName("features")] IReadOnlyList<FeatureDrift> Features);

/// <summary>One feature's live distribution against its reference.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Kind"><c>numeric</c> or <c>categorical</c>.</param>
/// <param name="Rows">Live values counted (missing ones included).</param>
/// <param name="Psi">The population stability index over the bins.</param>
/// <param name="Ks">A number's Kolmogorov–Smirnov distance at the reference's cut points; null for a category.</param>
/// <param name="KsPValue">Its p-value; null for a category.</param>
/// <param name="Drifted">Whether the feature is judged drifted (only from the minimum rows on).</param>
/// <param name="Bins">Each bin's share, reference and live.</param>
internal sealed record FeatureDrift(
    [property: JsonPropertyName("feature")] string Feature,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("psi")] double Psi,
    [property: JsonPropertyName("ks")] double? Ks,
    [property: JsonPropertyName("ks_p_value")] double? KsPValue,
    [property: JsonPropertyName("drifted")] bool Drifted,
    [property: JsonPropertyName("bins")] IReadOnlyList<DriftBin> Bins);

/// <summary>One bin: a number's range or a category's value, and its share of the reference and of the live inputs.</summary>
internal sealed record DriftBin(
    [property: JsonPropertyName("bin")] string Bin,
    [property: JsonPropertyName("reference")] double Reference,
    [property: JsonPropertyName("live")] double Live);
