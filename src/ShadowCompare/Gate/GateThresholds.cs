using System.Text.Json.Serialization;
using Settings;

namespace ShadowCompare.Gate;

/// <summary>What a candidate must show to pass the promotion gate (<c>ShadowCompare:Gate</c>, or the <c>gate</c> command's options).</summary>
public sealed class GateThresholds
{
    /// <summary>The lowest share of rows on which the answers must agree.</summary>
    /// <value>Defaults to 0.98; 0 to 1.</value>
    [SettingRange(0, 1)]
    [JsonPropertyName("min_agreement")] public double MinAgreement { get; set; } = 0.98;

    /// <summary>How many times the primary's p99 latency the candidate's may reach.</summary>
    /// <value>Defaults to 1.2; 0 to 1000.</value>
    [SettingRange(0, 1000)]
    [JsonPropertyName("max_p99_ratio")] public double MaxP99Ratio { get; set; } = 1.2;

    /// <summary>The fewest compared rows before a verdict can pass.</summary>
    /// <value>Defaults to 1000.</value>
    [JsonPropertyName("min_samples")] public long MinSamples { get; set; } = 1000;

    /// <summary>The largest share of mirrored requests that may fail against the candidate (timeouts, errors).</summary>
    /// <value>Defaults to 0.01; 0 to 1.</value>
    [SettingRange(0, 1)]
    [JsonPropertyName("max_failure_rate")] public double MaxFailureRate { get; set; } = 0.01;

    /// <summary>
    /// How sure the gate must be: agreement passes only when its lower confidence bound reaches
    /// <see cref="MinAgreement"/>, failures only when their upper bound stays within <see cref="MaxFailureRate"/>, and
    /// a latency shift fails at a one-sided p-value under 1 − this.
    /// </summary>
    /// <value>Defaults to 0.95; 0.5 to 0.9999.</value>
    [SettingRange(0.5, 0.9999)]
    [JsonPropertyName("confidence")] public double Confidence { get; set; } = 0.95;

    /// <summary>The smallest rise in median latency (as a share) that counts as a regression, however significant.</summary>
    /// <value>Defaults to 0.1 (10 %); 0 to 100.</value>
    [SettingRange(0, 100)]
    [JsonPropertyName("min_latency_increase")] public double MinLatencyIncrease { get; set; } = 0.1;

    /// <summary>The smallest effect (the chance a candidate latency exceeds a primary one; 0.5 is none) that counts as a regression.</summary>
    /// <value>Defaults to 0.56, a small effect by Vargha and Delaney; 0 to 1.</value>
    [SettingRange(0, 1)]
    [JsonPropertyName("min_latency_effect")] public double MinLatencyEffect { get; set; } = 0.56;

    /// <summary>
    /// Whether, once there is a noise floor (a control with enough rows), any field whose difference from the primary
    /// is past the noise (<c>ShadowCompare:Noise</c>'s thresholds) fails the gate.
    /// </summary>
    /// <value>Defaults to true.</value>
    [JsonPropertyName("fail_past_noise")] public bool FailPastNoise { get; set; } = true;

    /// <summary>The lowest release score (0 to 100) that passes.</summary>
    /// <value>Defaults to 90; 0 to 100.</value>
    [SettingRange(0, 100)]
    [JsonPropertyName("min_score")] public double MinScore { get; set; } = 90;
}
