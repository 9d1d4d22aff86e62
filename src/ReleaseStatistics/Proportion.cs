using MathNet.Numerics.Distributions;

namespace ReleaseStatistics;

/// <summary>
/// Confidence bounds for a proportion (an agreement or a failure rate) by Wilson's score interval, which holds at the
/// edges (0 failures in 1,000) where the normal approximation does not.
/// </summary>
public static class Proportion
{
    /// <summary>The one-sided lower and upper bounds at <paramref name="confidence"/> (0.95: each bound is wrong 5 % of the time).</summary>
    public static (double Lower, double Upper) Wilson(long events, long trials, double confidence = 0.95)
    {
        if (trials <= 0)
        {
            return (0, 1);
        }

        var z = Normal.InvCDF(0, 1, confidence);
        var p = (double)events / trials;
        var n = (double)trials;
        var centre = (p + (z * z / (2 * n))) / (1 + (z * z / n));
        var half = z / (1 + (z * z / n)) * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
