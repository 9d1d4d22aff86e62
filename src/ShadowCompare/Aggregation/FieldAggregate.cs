using System.Globalization;
using System.Text.Json.Serialization;
using ShadowCompare.Comparison;

namespace ShadowCompare.Aggregation;

/// <summary>
/// One prediction field's comparisons, summed: counts and sums (exact), the largest difference and lowest cosine,
/// score differences in <see cref="LogBins"/>, a label's confusion counts. Two of them add up to the aggregate of both.
/// </summary>
internal sealed class FieldAggregate
{
    [JsonPropertyName("field")] public string Field { get; set; } = "";

    [JsonPropertyName("kind")] public FieldKind Kind { get; set; }

    [JsonPropertyName("values")] public long Values { get; set; }

    [JsonPropertyName("agree")] public long Agree { get; set; }

    [JsonPropertyName("sum_abs")] public double SumAbsolute { get; set; }

    [JsonPropertyName("max_abs")] public double MaxAbsolute { get; set; }

    [JsonPropertyName("sum_rel")] public double SumRelative { get; set; }

    [JsonPropertyName("sum_cos")] public double SumCosine { get; set; }

    [JsonPropertyName("min_cos")] public double MinCosine { get; set; } = double.MaxValue;

    // Sums for Pearson's correlation of a score's two values.
    [JsonPropertyName("sum_p")] public double SumPrimary { get; set; }

    [JsonPropertyName("sum_s")] public double SumShadow { get; set; }

    [JsonPropertyName("sum_pp")] public double SumPrimarySquares { get; set; }

    [JsonPropertyName("sum_ss")] public double SumShadowSquares { get; set; }

    [JsonPropertyName("sum_ps")] public double SumProducts { get; set; }

    [JsonPropertyName("abs_bins")] public Dictionary<int, long> AbsoluteBins { get; set; } = [];

    /// <summary>A label's rows by primary value, then shadow value.</summary>
    [JsonPropertyName("confusion")] public Dictionary<string, Dictionary<string, long>> Confusion { get; set; } = new(StringComparer.Ordinal);

    public void Add(FieldComparison field)
    {
        Values++;
        Agree += field.Agree ? 1 : 0;
        switch (field.Kind)
        {
            case FieldKind.Label:
                if (!Confusion.TryGetValue(field.Primary, out var row))
                {
                    Confusion[field.Primary] = row = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                row[field.Shadow] = row.GetValueOrDefault(field.Shadow) + 1;
                break;
            case FieldKind.Score:
                var difference = field.AbsoluteDifference ?? 0;
                SumAbsolute += difference;
                MaxAbsolute = Math.Max(MaxAbsolute, difference);
                SumRelative += field.RelativeDifference ?? 0;
                LogBins.Add(AbsoluteBins, difference);
                var (p, s) = (Number(field.Primary), Number(field.Shadow));
                (SumPrimary, SumShadow, SumPrimarySquares, SumShadowSquares, SumProducts) =
                    (SumPrimary + p, SumShadow + s, SumPrimarySquares + (p * p), SumShadowSquares + (s * s), SumProducts + (p * s));
                break;
            default:
                SumCosine += field.Cosine ?? 0;
                MinCosine = Math.Min(MinCosine, field.Cosine ?? 0);
                break;
        }
    }

    public void Merge(FieldAggregate other)
    {
        Values += other.Values;
        Agree += other.Agree;
        SumAbsolute += other.SumAbsolute;
        MaxAbsolute = Math.Max(MaxAbsolute, other.MaxAbsolute);
        SumRelative += other.SumRelative;
        SumCosine += other.SumCosine;
        MinCosine = Math.Min(MinCosine, other.MinCosine);
        (SumPrimary, SumShadow, SumPrimarySquares, SumShadowSquares, SumProducts) = (SumPrimary + other.SumPrimary, SumShadow + other.SumShadow,
            SumPrimarySquares + other.SumPrimarySquares, SumShadowSquares + other.SumShadowSquares, SumProducts + other.SumProducts);
        LogBins.Merge(AbsoluteBins, other.AbsoluteBins);
        foreach (var (primary, shadows) in other.Confusion)
        {
            if (!Confusion.TryGetValue(primary, out var row))
            {
                Confusion[primary] = row = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var (shadow, count) in shadows)
            {
                row[shadow] = row.GetValueOrDefault(shadow) + count;
            }
        }
    }

    /// <summary>Pearson's correlation of a score's primary and shadow values; null under two values or with no spread.</summary>
    public double? Correlation()
    {
        if (Values < 2)
        {
            return null;
        }

        var n = (double)Values;
        var sxy = SumProducts - (SumPrimary * SumShadow / n);
        var sxx = SumPrimarySquares - (SumPrimary * SumPrimary / n);
        var syy = SumShadowSquares - (SumShadow * SumShadow / n);
        var correlation = sxy / Math.Sqrt(sxx * syy);
        return sxx <= 0 || syy <= 0 || !double.IsFinite(correlation) ? null : Math.Clamp(correlation, -1, 1);
    }

    private static double Number(string json) => double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture);
}
