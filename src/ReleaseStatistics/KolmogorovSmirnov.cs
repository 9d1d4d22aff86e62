namespace ReleaseStatistics;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test from cumulative shares at common cut points: D is the largest gap between
/// the two empirical distribution functions, and its p-value comes from Kolmogorov's limiting distribution with
/// Stephens' small-sample correction (λ = (√nₑ + 0.12 + 0.11 / √nₑ) D, nₑ = nm / (n + m); Numerical Recipes §14.3).
/// MathNet.Numerics has no Kolmogorov distribution, hence this one function. Evaluated at fewer cut points than
/// there are values (binned data), D is a lower bound of the full statistic, so the test errs towards "no drift".
/// </summary>
public static class KolmogorovSmirnov
{
    /// <param name="reference">The reference's cumulative share at each cut point, ascending.</param>
    /// <param name="live">The live sample's cumulative share at the same cut points.</param>
    /// <param name="referenceCount">How many values the reference was measured over.</param>
    /// <param name="liveCount">How many live values there are.</param>
    /// <returns>D and the probability of a gap at least that large were both samples from one distribution.</returns>
    public static (double Statistic, double PValue) Test(IReadOnlyList<double> reference, IReadOnlyList<double> live, long referenceCount, long liveCount)
    {
        if (reference.Count != live.Count)
        {
            throw new ArgumentException("reference and live need the same cut points", nameof(live));
        }

        var d = reference.Zip(live, (r, l) => Math.Abs(r - l)).DefaultIfEmpty(0).Max();
        if (referenceCount <= 0 || liveCount <= 0)
        {
            return (d, 1);
        }

        var effective = Math.Sqrt(referenceCount * (double)liveCount / (referenceCount + liveCount));
        return (d, Kolmogorov((effective + 0.12 + (0.11 / effective)) * d));
    }

    // Q(λ) = 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²λ²): the chance the scaled statistic exceeds λ.
    private static double Kolmogorov(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1;
        }

        var (sum, sign) = (0.0, 1.0);
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) <= 1e-10 * Math.Abs(sum))
            {
                return Math.Clamp(2 * sum, 0, 1);
            }

            sign = -sign;
        }

        return 1;
    }
}
