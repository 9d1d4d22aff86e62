using Settings;

namespace ShadowCompare.Gate;

/// <summary>
/// How much each part of the release score counts (<c>ShadowCompare:Score</c>, or a model's own
/// <c>ShadowCompare:Models:{model}:Score</c>): only their proportions matter.
/// </summary>
public sealed class ScoreWeights
{
    /// <summary>Label agreement, above the noise floor when there is one.</summary>
    /// <value>Defaults to 0.5; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public double Agreement { get; set; } = 0.5;

    /// <summary>Scores and vectors within tolerance (no drift in the numbers).</summary>
    /// <value>Defaults to 0.2; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public double Scores { get; set; } = 0.2;

    /// <summary>Latency: full marks without a regression verdict.</summary>
    /// <value>Defaults to 0.15; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public double Latency { get; set; } = 0.15;

    /// <summary>Failed comparisons (timeouts, errors).</summary>
    /// <value>Defaults to 0.15; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public double Errors { get; set; } = 0.15;
}
