namespace ShadowCompare.Aggregation;

/// <summary>
/// Logarithmic bins 1 % wide for non-negative values (score differences, latencies), so a distribution of any size
/// is kept as a few hundred counts and a percentile read from them is within half a percent of the exact one.
/// Zero (and anything under 10⁻⁹) has a bin of its own, <see cref="Zero"/>.
/// </summary>
internal static class LogBins
{
    public const int Zero = -1;
    private const double Min = 1e-9;
    private static readonly double Growth = Math.Log(1.01);

    public static int Index(double value) =>
        !(value > Min) ? Zero : double.IsPositiveInfinity(value) ? int.MaxValue / 2 : (int)Math.Ceiling(Math.Log(value / Min) / Growth);

    /// <summary>The value a bin stands for: its geometric middle (0 for <see cref="Zero"/>).</summary>
    public static double Value(int index) => index == Zero ? 0 : Min * Math.Exp((index - 0.5) * Growth);

    /// <summary>The nearest-rank percentile of binned values, at most <paramref name="max"/> (the exact largest value).</summary>
    public static double Percentile(IReadOnlyDictionary<int, long> bins, double quantile, double max)
    {
        var total = bins.Values.Sum();
        var rank = Math.Clamp((long)Math.Ceiling(quantile * total), 1, total);
        long seen = 0;
        foreach (var (index, count) in bins.OrderBy(b => b.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return Math.Min(Value(index), max);
            }
        }

        return max;
    }

    public static void Add(Dictionary<int, long> bins, double value, long count = 1)
    {
        var index = Index(value);
        bins[index] = bins.GetValueOrDefault(index) + count;
    }

    public static void Merge(Dictionary<int, long> into, IReadOnlyDictionary<int, long> from)
    {
        foreach (var (index, count) in from)
        {
            into[index] = into.GetValueOrDefault(index) + count;
        }
    }
}
