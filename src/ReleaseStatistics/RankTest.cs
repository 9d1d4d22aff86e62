using MathNet.Numerics.Distributions;

namespace ReleaseStatistics;

/// <summary>
/// The Mann–Whitney U test, one-sided: is the candidate's distribution shifted above the baseline's (slower, say)?
/// It uses only ranks, so a few slow outliers do not decide it, and it works on counted values (a latency histogram's
/// bins) as well as on raw samples: ties take their mid-rank and the variance is corrected for them. The normal
/// approximation it uses is sound from about 20 values on each side.
/// </summary>
public static class RankTest
{
    /// <summary>Compares two samples of raw values.</summary>
    public static RankTestResult Compare(IEnumerable<double> baseline, IEnumerable<double> candidate) =>
        Compare(baseline.Select(v => (v, 1L)), candidate.Select(v => (v, 1L)));

    /// <summary>Compares two samples given as counted values.</summary>
    /// <param name="baseline">The baseline's values, each with how often it occurs.</param>
    /// <param name="candidate">The candidate's values, each with how often it occurs.</param>
    public static RankTestResult Compare(IEnumerable<(double Value, long Count)> baseline, IEnumerable<(double Value, long Count)> candidate)
    {
        // Every distinct value with its count on each side, in order: each value's block of ranks shares its mid-rank.
        var table = new SortedDictionary<double, (long Baseline, long Candidate)>();
        foreach (var (value, count) in baseline.Where(p => p.Count > 0))
        {
            var seen = table.GetValueOrDefault(value);
            table[value] = (seen.Baseline + count, seen.Candidate);
        }

        foreach (var (value, count) in candidate.Where(p => p.Count > 0))
        {
            var seen = table.GetValueOrDefault(value);
            table[value] = (seen.Baseline, seen.Candidate + count);
        }

        double n1 = table.Values.Sum(v => v.Baseline), n2 = table.Values.Sum(v => v.Candidate);
        if (n1 == 0 || n2 == 0)
        {
            return new RankTestResult(0, 0, 1, 0.5, (long)n1, (long)n2, 0);
        }

        double below = 0, candidateRanks = 0, ties = 0;
        foreach (var (b, c) in table.Values)
        {
            // In double: a block's mid-rank is often a half, and t³ of a large histogram bin would overflow a long.
            var t = (double)b + c;
            candidateRanks += c * (below + ((t + 1) / 2));
            ties += (t * t * t) - t;
            below += t;
        }

        var n = n1 + n2;
        var u = candidateRanks - (n2 * (n2 + 1) / 2);
        var mean = n1 * n2 / 2;
        var variance = n1 * n2 / 12 * ((n + 1) - (ties / (n * (n - 1))));
        var z = variance <= 0 ? 0 : (u - mean - 0.5) / Math.Sqrt(variance);
        return new RankTestResult(u, z, 1 - Normal.CDF(0, 1, z), u / (n1 * n2), (long)n1, (long)n2, Math.Max(0, variance) / (n1 * n1 * n2 * n2));
    }
}

/// <summary>A rank test's outcome.</summary>
/// <param name="U">The candidate's U statistic.</param>
/// <param name="Z">U standardised (with a continuity correction).</param>
/// <param name="PValue">One-sided: the chance of a shift this large or larger were the two the same.</param>
/// <param name="Superiority">
/// The effect size: the chance that a candidate value exceeds a baseline value (ties count half), 0.5 for no effect.
/// By Vargha and Delaney's rule of thumb, 0.56 is a small effect, 0.64 medium and 0.71 large.
/// </param>
/// <param name="BaselineCount">Baseline values.</param>
/// <param name="CandidateCount">Candidate values.</param>
/// <param name="SuperiorityVariance">The variance of <paramref name="Superiority"/> were the two the same (ties corrected): what a sequential test of it needs.</param>
public sealed record RankTestResult(double U, double Z, double PValue, double Superiority, long BaselineCount, long CandidateCount, double SuperiorityVariance = 0);
