using ReleaseStatistics;

namespace ShadowCompare.Drift;

/// <summary>
/// Judges live inputs against a version's reference, feature by feature: the population stability index over the
/// reference's bins for every feature, and for numbers also a Kolmogorov–Smirnov test at the reference's cut points.
/// A feature is drifted, once it has the minimum rows, when its PSI reaches the threshold or its KS distance does
/// with a p-value under alpha.
/// </summary>
internal static class DriftAnalysis
{
    /// <param name="reference">The serving version's reference.</param>
    /// <param name="version">That version.</param>
    /// <param name="counts">Live counts by feature, then bin.</param>
    /// <param name="options">The thresholds and window.</param>
    /// <param name="since">The window's start.</param>
    /// <returns>The figures of every feature in the reference.</returns>
    public static DriftReport Analyse(
        InputReference reference, string version, IReadOnlyDictionary<string, Dictionary<string, long>> counts, DriftOptions options, DateTimeOffset since)
    {
        var features = reference.Features.Values.OrderBy(f => f.Feature, StringComparer.Ordinal)
            .Select(f => Feature(f, counts.GetValueOrDefault(f.Feature) ?? [], reference.Rows, options))
            .ToList();
        return new DriftReport(version, reference.Dataset, reference.Rows, options.WindowHours, since, features.Select(f => f.Rows).DefaultIfEmpty(0).Max(),
            options.MinimumRows, [.. features.Where(f => f.Drifted).Select(f => f.Feature)], features);
    }

    private static FeatureDrift Feature(FeatureReference feature, Dictionary<string, long> live, long referenceRows, DriftOptions options)
    {
        var bins = feature.Bins;
        long[] counts = [.. bins.Select(b => live.GetValueOrDefault(b.Bin))];
        var rows = counts.Sum();
        var psi = PopulationStability.Index([.. bins.Select(b => b.Share)], counts);
        (double Statistic, double PValue)? ks = null;
        if (feature.Numeric)
        {
            // The numbers only (the last bin is the missing values'): the share at or below each cut, both sides.
            var numbers = counts[..^1];
            double total = numbers.Sum();
            var (referenceSum, liveSum) = (0.0, 0L);
            var (referenceCumulative, liveCumulative) = (new List<double>(), new List<double>());
            for (var i = 0; i < feature.Cuts.Count; i++)
            {
                referenceSum += feature.Shares[i];
                liveSum += numbers[i];
                referenceCumulative.Add(referenceSum);
                liveCumulative.Add(total == 0 ? 0 : liveSum / total);
            }

            ks = total == 0 ? null : KolmogorovSmirnov.Test(referenceCumulative, liveCumulative, referenceRows, (long)total);
        }

        var drifted = rows >= options.MinimumRows
            && (psi >= options.PsiThreshold || (ks is { } test && test.Statistic >= options.KsThreshold && test.PValue < options.Alpha));
        return new FeatureDrift(
            feature.Feature, feature.Numeric ? "numeric" : "categorical", rows, psi, ks?.Statistic, ks?.PValue, drifted,
            [.. bins.Select((b, i) => new DriftBin(feature.Describe(b.Bin), b.Share, rows == 0 ? 0 : counts[i] / (double)rows))]);
    }
}
