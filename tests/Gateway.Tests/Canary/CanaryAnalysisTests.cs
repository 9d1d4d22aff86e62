using Gateway.Analysis;


namespace Gateway.Tests.Canary;

public sealed class CanaryAnalysisTests
{
    private static readonly CanaryAnalysisOptions Options = new();

    // A track's run: answers at the given latencies (each repeated), the first `errors` of them failed.
    private static WindowCounts Track(long errors, params (double Milliseconds, long Count)[] latencies)
    {
        var bins = new Dictionary<int, long>();
        foreach (var (ms, count) in latencies)
        {
            var bin = TrackWindow.BinOf(TimeSpan.FromMilliseconds(ms));
            bins[bin] = bins.GetValueOrDefault(bin) + count;
        }

        var answered = latencies.Sum(l => l.Count);
        return new WindowCounts(answered, answered, errors, bins);
    }

    [Fact]
    public void CanaryBelowMinimumSample_ReturnsNull() =>
        Assert.Null(CanaryAnalysis.FindRegression(Track(0, (5, 1000)), Track(49, (5000, 49)), Options));

    [Fact]
    public void AllFailing_RolledBackAtTheMinimumSample_NamingTheErrorRate()
    {
        var reason = CanaryAnalysis.FindRegression(Track(0, (5, 1000)), Track(50, (5, 50)), Options);
        Assert.NotNull(reason);
        Assert.Contains("error rate 100.0 % over 50 answers against stable's 0.0 % over 1000", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFewMoreErrorsInASmallSample_NotSureEnough()
    {
        // 4 % against 1 %: past the minimum rise, but 100 answers cannot tell it from chance.
        Assert.Null(CanaryAnalysis.FindRegression(Track(10, (5, 1000)), Track(4, (5, 100)), Options));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    [InlineData(300)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void OneCallersTenFailures_TheMostARunCounts_NeverRollBack(long answers) =>
        // MaxCallsPerCallerPerRun (10): one caller's failures alone, against a stable failing 1 % or not at all.
        Assert.All([Track(10, (5, 10_000)), Track(0, (5, 10_000))], stable =>
            Assert.Null(CanaryAnalysis.FindRegression(stable, Track(10, (5, answers)), Options)));

    [Fact]
    public void TwoPointsMoreErrors_OverManyAnswers_RolledBack() =>
        Assert.NotNull(CanaryAnalysis.FindRegression(Track(100, (5, 10_000)), Track(300, (5, 10_000)), Options));

    [Fact]
    public void ASureButTinyRise_UnderTheMinimumChange_ReturnsNull() =>
        Assert.Null(CanaryAnalysis.FindRegression(Track(1000, (5, 1_000_000)), Track(1500, (5, 1_000_000)), Options));

    [Fact]
    public void NoStableSample_ComparesWithNoErrors() =>
        Assert.NotNull(CanaryAnalysis.FindRegression(Track(0, (5, 10)), Track(30, (5, 100)), Options));

    [Fact]
    public void SlowerCanary_RolledBack_NamingTheMedians()
    {
        var reason = CanaryAnalysis.FindRegression(Track(0, (18, 500), (22, 500)), Track(0, (180, 50), (220, 50)), Options);
        Assert.NotNull(reason);
        Assert.Contains("median latency", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheTwoSlowestCanaryAnswersSlow_ReturnsNull() =>
        // Two cold calls of a new process do not move the ranks.
        Assert.Null(CanaryAnalysis.FindRegression(Track(0, (20, 1000)), Track(0, (20, 58), (2000, 2)), Options));

    [Fact]
    public void SurelySlowerButByTooLittle_ReturnsNull()
    {
        // 5 % slower in the median, over so many answers that the test is sure: under the 10 % that matters.
        Assert.Null(CanaryAnalysis.FindRegression(Track(0, (20, 100_000)), Track(0, (21, 100_000)), Options));
        // Four times as slow, but by under a millisecond.
        Assert.Null(CanaryAnalysis.FindRegression(Track(0, (0.1, 1000)), Track(0, (0.4, 1000)), Options));
    }
}
