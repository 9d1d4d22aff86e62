using Settings;

namespace ShadowCompare.Comparison;

/// <summary>
/// When a difference is more than noise (<c>ShadowCompare:Noise</c>), as Diffy judges it: a field's difference between
/// candidate and primary counts only past the primary's difference with itself (its control) times
/// (1 + <see cref="RelativeThreshold"/>) plus <see cref="AbsoluteThreshold"/>.
/// </summary>
public sealed class NoiseOptions
{
    /// <summary>How much larger than the noise a difference must be, as a share of the noise.</summary>
    /// <value>Defaults to 0.2; 0 to 100.</value>
    [SettingRange(0, 100)]
    public double RelativeThreshold { get; set; } = 0.2;

    /// <summary>How much larger than the noise a difference must be, in the field's own measure (a disagreement rate, a mean absolute difference, 1 − cosine).</summary>
    /// <value>Defaults to 0.01; 0 to 1000.</value>
    [SettingRange(0, 1000)]
    public double AbsoluteThreshold { get; set; } = 0.01;

    /// <summary>Control rows a noise floor needs before a report or the gate uses it.</summary>
    /// <value>Defaults to 100; 1 to 1,000,000.</value>
    [SettingRange(1, 1_000_000)]
    public int MinimumRows { get; set; } = 100;
}
