using ReleaseStatistics;

namespace ShadowCompare.Tests.Drift;

/// <summary>PSI and the Kolmogorov–Smirnov test against independent computations and published values.</summary>
public sealed class DriftStatisticsTests
{
    [Fact]
    public void Psi_EqualsTheSumWrittenOut()
    {
        double[] reference = [0.5, 0.3, 0.2];
        long[] live = [30, 30, 40];
        var expected = ((0.3 - 0.5) * Math.Log(0.3 / 0.5)) + ((0.3 - 0.3) * Math.Log(0.3 / 0.3)) + ((0.4 - 0.2) * Math.Log(0.4 / 0.2));

        Assert.Equal(expected, PopulationStability.Index(reference, live), 12);
        Assert.Equal(0, PopulationStability.Index(reference, [50, 30, 20]), 12);
        Assert.Equal(0, PopulationStability.Index(reference, [0, 0, 0]));
    }

    [Fact]
    public void Psi_AnEmptyBinIsFlooredNotInfinite()
    {
        var psi = PopulationStability.Index([0.5, 0.5, 0], [50, 40, 10]);

        Assert.True(double.IsFinite(psi));
        Assert.True(psi > 0.2, $"a tenth of the rows in a bin the reference never had: {psi}");
    }

    [Theory]
    [InlineData(1.36, 0.0495)]
    [InlineData(1.63, 0.0098)]
    [InlineData(1.0, 0.2700)]
    public void Ks_PValue_MatchesKolmogorovsTable(double lambda, double expected)
    {
        // n = m = 200: nₑ = 100, so λ = (10 + 0.12 + 0.011) D.
        var d = lambda / (10 + 0.12 + 0.011);
        var (statistic, p) = KolmogorovSmirnov.Test([0.5], [0.5 + d], 200, 200);

        Assert.Equal(d, statistic, 12);
        Assert.InRange(p, expected - 0.0005, expected + 0.0005);
    }

    [Fact]
    public void Ks_TheLargestDistances_HaveAPValueNearZero_NotOne()
    {
        // λ past ~19 makes every term of the series underflow: the sum must read as 0, not as "no evidence".
        Assert.True(KolmogorovSmirnov.Test([0.1], [0.9], 2000, 2000).PValue < 1e-12);
        Assert.True(KolmogorovSmirnov.Test([0.0], [1.0], 100_000, 100_000).PValue < 1e-12);
    }

    [Fact]
    public void Ks_AtCutPoints_IsAtMostTheFullStatistic_AndCloseToIt()
    {
        var random = new Random(11);
        var reference = Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * 100).Order().ToList();
        var live = Enumerable.Range(0, 800).Select(_ => (random.NextDouble() * 100) + 8).Order().ToList();
        // The full two-sample statistic, over every value of both samples.
        var full = reference.Concat(live).Max(x => Math.Abs(Share(reference, x) - Share(live, x)));
        double[] cuts = [.. Enumerable.Range(1, 19).Select(k => reference[(k * reference.Count / 20) - 1])];

        var (binned, p) = KolmogorovSmirnov.Test([.. cuts.Select(c => Share(reference, c))], [.. cuts.Select(c => Share(live, c))], reference.Count, live.Count);

        Assert.InRange(binned, full - 0.05, full);
        Assert.True(p < 0.001, $"a shift of 8 in 100 over 800 values: p={p}");
    }

    private static double Share(List<double> sorted, double x) => sorted.Count(v => v <= x) / (double)sorted.Count;
}
