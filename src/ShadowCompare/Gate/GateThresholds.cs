using System.Text.Json.Serialization;

namespace ShadowCompare.Gate;

/// <summary>What a candidate must show to pass the promotion gate (<c>ShadowCompare:Gate</c>, or the <c>gate</c> command's options).</summary>
public sealed class GateThresholds
{
    /// <summary>The lowest share of rows on which the answers must agree.</summary>
    /// <value>Defaults to 0.98; 0 to 1.</value>
    [JsonPropertyName("min_agreement")] public double MinAgreement { get; set; } = 0.98;

    /// <summary>How many times the primary's p99 latency the candidate's may reach.</summary>
    /// <value>Defaults to 1.2.</value>
    [JsonPropertyName("max_p99_ratio")] public double MaxP99Ratio { get; set; } = 1.2;

    /// <summary>The fewest compared rows before a verdict can pass.</summary>
    /// <value>Defaults to 1000.</value>
    [JsonPropertyName("min_samples")] public long MinSamples { get; set; } = 1000;

    /// <summary>The largest share of mirrored requests that may fail against the candidate (timeouts, errors).</summary>
    /// <value>Defaults to 0.01.</value>
    [JsonPropertyName("max_failure_rate")] public double MaxFailureRate { get; set; } = 0.01;
}
