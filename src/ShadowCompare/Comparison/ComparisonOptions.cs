using Settings;

namespace ShadowCompare.Comparison;

/// <summary>When two answers count as agreeing (<c>ShadowCompare:Comparison</c>).</summary>
public sealed class ComparisonOptions
{
    /// <summary>Scores whose absolute difference is at most this agree.</summary>
    /// <value>Defaults to 0.05; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public double ScoreTolerance { get; set; } = 0.05;

    /// <summary>Vectors whose cosine similarity is at least this agree.</summary>
    /// <value>Defaults to 0.99; -1 to 1.</value>
    [SettingRange(-1, 1)]
    public double MinCosine { get; set; } = 0.99;

    /// <summary>Prediction fields left out of the comparison (a raw score whose scale differs between learners, say).</summary>
    /// <value>Defaults to none.</value>
    public List<string> IgnoreFields { get; set; } = [];
}
