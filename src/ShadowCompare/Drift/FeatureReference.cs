namespace ShadowCompare.Drift;

/// <summary>
/// How one input feature was distributed over a version's evaluation set (the manifest's <c>reference</c>). A number:
/// <see cref="Cuts"/> ascending, bin i holding cuts[i−1] &lt; x ≤ cuts[i] (the first unbounded below, the last above),
/// with <see cref="Shares"/> one per bin. A category: <see cref="Categories"/>, each value's share.
/// </summary>
internal sealed record FeatureReference(
    string Feature, bool Numeric, IReadOnlyList<double> Cuts, IReadOnlyList<double> Shares, IReadOnlyDictionary<string, double> Categories)
{
    /// <summary>The bin of a value the reference never saw (a new category).</summary>
    public const string Other = "(other)";

    /// <summary>The bin of a missing or unreadable value.</summary>
    public const string Missing = "(missing)";

    /// <summary>Every bin's name, in order, with its reference share: a number's bins by index, then a category's values, then <see cref="Other"/> and <see cref="Missing"/> (share 0).</summary>
    public IReadOnlyList<(string Bin, double Share)> Bins =>
        [.. Numeric
            ? Shares.Select((s, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), s))
            : Categories.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)),
         // A reference that saw missing values (or named a value so) has its own share for them: each bin once.
         .. new[] { Other, Missing }.Where(b => Numeric ? b == Missing : !Categories.ContainsKey(b)).Select(b => (b, 0.0))];

    /// <summary>A bin's name for people: a number's range (≤ its upper cut, or &gt; the last), a category's value.</summary>
    public string Describe(string bin)
    {
        if (!Numeric || !int.TryParse(bin, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return bin;
        }

        return index < Cuts.Count ? $"≤ {Cuts[index]:0.###}" : $"> {Cuts[^1]:0.###}";
    }
}
