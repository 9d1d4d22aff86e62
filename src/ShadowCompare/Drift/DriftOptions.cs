using Settings;

namespace ShadowCompare.Drift;

/// <summary>
/// When live inputs count as drifted from the reference of the version serving them (bound from
/// <c>ShadowCompare:Drift</c>). Needs <c>ShadowCompare:ModelStore</c>, where the references are read from.
/// </summary>
public sealed class DriftOptions
{
    /// <summary>How far back the live inputs are measured, in hours (counted by the hour).</summary>
    /// <value>Defaults to 24; 1 to 8,760.</value>
    [SettingRange(1, 8760)]
    public int WindowHours { get; set; } = 24;

    /// <summary>Live rows a feature needs in the window before it is judged; fewer, and its figures are shown but never flagged.</summary>
    /// <value>Defaults to 500; 1 to 100,000,000.</value>
    [SettingRange(1, 100_000_000)]
    public int MinimumRows { get; set; } = 500;

    /// <summary>The population stability index at which a feature counts as drifted (0.1 to 0.2 is a moderate shift, by the usual rule).</summary>
    /// <value>Defaults to 0.2; above 0, at most 10.</value>
    [SettingRange(0, 10, MinimumIsExclusive = true)]
    public double PsiThreshold { get; set; } = 0.2;

    /// <summary>The Kolmogorov–Smirnov distance at which a number counts as drifted, when its p-value is also under <see cref="Alpha"/>.</summary>
    /// <value>Defaults to 0.1; above 0, at most 1.</value>
    [SettingRange(0, 1, MinimumIsExclusive = true)]
    public double KsThreshold { get; set; } = 0.1;

    /// <summary>The Kolmogorov–Smirnov test's significance level.</summary>
    /// <value>Defaults to 0.01; above 0, under 1.</value>
    [SettingRange(0, 1, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double Alpha { get; set; } = 0.01;
}
