using ReleaseStatistics;

namespace ShadowCompare.Tests.Gate;

/// <summary>The rank test and Wilson bounds against independent computations.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void RankTest_U_EqualsCountingEveryPair()
    {
        var random = new Random(7);
        // Rounded to whole milliseconds, so there are many ties.
        var a = Enumerable.Range(0, 300).Select(_ => Math.Round(random.NextDouble() * 20)).ToList();
        var b = Enumerable.Range(0, 250).Select(_ => Math.Round((random.NextDouble() * 20) + 3)).ToList();

        var pairs = a.Sum(x => b.Sum(y => y > x ? 1.0 : y == x ? 0.5 : 0));
        var result = RankTest.Compare(a, b);

        Assert.Equal(pairs, result.U, 9);
        Assert.Equal(pairs / (300.0 * 250), result.Superiority, 12);
        Assert.True(result.PValue < 0.05, $"a shift of 3 in 20 over 250 values: p={result.PValue}");
    }

    [Fact]
    public void RankTest_CountedValues_SameAsTheSamplesTheyCount()
    {
        double[] a = [1, 1, 2, 3, 3, 3, 5];
        double[] b = [2, 3, 3, 4, 6, 6];
        var fromSamples = RankTest.Compare(a, b);
        var fromCounts = RankTest.Compare([(1, 2), (2, 1), (3, 3), (5, 1)], [(2, 1), (3, 2), (4, 1), (6, 2)]);
        Assert.Equal(fromSamples, fromCounts);
    }

    [Fact]
    public void RankTest_SameDistribution_PValueUniformEnough()
    {
        var random = new Random(11);
        var rejections = Enumerable.Range(0, 1000).Count(_ =>
            RankTest.Compare(Enumerable.Range(0, 200).Select(_ => random.NextDouble()), Enumerable.Range(0, 200).Select(_ => random.NextDouble())).PValue < 0.05);
        Assert.InRange(rejections, 25, 75);
    }

    [Fact]
    public void RankTest_CandidateFaster_NoRegression()
    {
        var result = RankTest.Compare(Enumerable.Range(0, 200).Select(i => 10.0 + (i % 7)), Enumerable.Range(0, 200).Select(i => 5.0 + (i % 7)));
        Assert.True(result.PValue > 0.99, $"p={result.PValue}");
        Assert.True(result.Superiority < 0.5);
    }

    [Theory]
    [InlineData(0, 1000, 0, 0.0027)]        // no failures in 1,000: at most about 0.27 %
    [InlineData(995, 1000, 0.9896, 0.9977)]
    [InlineData(50, 100, 0.4188, 0.5812)]
    public void Wilson_KnownBounds(long events, long trials, double lower, double upper)
    {
        var (l, u) = Proportion.Wilson(events, trials);
        Assert.Equal(lower, l, 3);
        Assert.Equal(upper, u, 3);
    }
}
