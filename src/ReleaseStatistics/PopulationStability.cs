namespace ReleaseStatistics;

/// <summary>
/// The population stability index (PSI) of live counts against reference proportions over the same bins:
/// Σ (live − reference) × ln(live / reference). Read by the usual rule of thumb: under 0.1 stable, 0.1 to 0.2 a
/// moderate shift, 0.2 and over a shift that matters. An empty bin on either side would make the sum infinite, so
/// every share is floored at <see cref="Floor"/>, as common implementations do.
/// </summary>
public static class PopulationStability
{
    /// <summary>The smallest share a bin is given (0.01 %).</summary>
    public const double Floor = 1e-4;

    /// <param name="reference">Each bin's share of the reference, summing to 1.</param>
    /// <param name="live">Each bin's live count, in the same order.</param>
    /// <returns>The index; 0 when there are no live counts.</returns>
    public static double Index(IReadOnlyList<double> reference, IReadOnlyList<long> live)
    {
        if (reference.Count != live.Count)
        {
            throw new ArgumentException("reference and live need the same bins", nameof(live));
        }

        double total = live.Sum();
        if (total == 0)
        {
            return 0;
        }

        var index = 0.0;
        for (var i = 0; i < live.Count; i++)
        {
            var (expected, actual) = (Math.Max(reference[i], Floor), Math.Max(live[i] / total, Floor));
            index += (actual - expected) * Math.Log(actual / expected);
        }

        return index;
    }
}
