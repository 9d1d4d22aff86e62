using Gateway.Canary;

namespace Gateway.Tests.Canary;

public sealed class CanaryAnalysisTests
{
    private static readonly CanaryAnalysisOptions Options = new() { MinimumRequests = 50, MaxErrorRateIncrease = 0.05, MaxP99Ratio = 2, MinP99IncreaseMilliseconds = 50 };

    private static TrackSnapshot Track(long answered, long errors, double p99Ms) =>
        new(answered, answered, errors, TimeSpan.FromMilliseconds(p99Ms / 2), TimeSpan.FromMilliseconds(p99Ms), TimeSpan.FromMilliseconds(p99Ms));

    [Fact]
    public void FindRegression_CanaryBelowMinimumSample_ReturnsNull() =>
        Assert.Null(CanaryAnalysis.FindRegression(Track(1000, 0, 5), Track(49, 49, 5000), Options));

    [Fact]
    public void FindRegression_ErrorRateAboveStablePlusLimit_NamesErrorRate()
    {
        var reason = CanaryAnalysis.FindRegression(Track(1000, 10, 5), Track(100, 7, 5), Options);
        Assert.NotNull(reason);
        Assert.Contains("error rate 7.0 %", reason);
    }

    [Fact]
    public void FindRegression_ErrorRateWithinLimit_ReturnsNull() =>
        Assert.Null(CanaryAnalysis.FindRegression(Track(1000, 10, 5), Track(100, 5, 5), Options));

    [Fact]
    public void FindRegression_NoStableSample_ComparesWithNoErrors() =>
        Assert.NotNull(CanaryAnalysis.FindRegression(Track(0, 0, 0), Track(100, 6, 5), Options));

    [Fact]
    public void FindRegression_P99PastRatioAndMargin_NamesLatency()
    {
        var reason = CanaryAnalysis.FindRegression(Track(1000, 0, 20), Track(100, 0, 200), Options);
        Assert.NotNull(reason);
        Assert.Contains("p99 latency 200 ms", reason);
    }

    [Fact]
    public void FindRegression_OnlyTheTwoSlowestCanaryAnswersSlow_ReturnsNull()
    {
        // The canary's p99 over 60 answers is its slowest: two cold calls of a new process are not a regression.
        var canary = new TrackSnapshot(60, 60, 0, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(6));
        Assert.Null(CanaryAnalysis.FindRegression(Track(1000, 0, 20), canary, Options));
    }

    [Fact]
    public void FindRegression_P99RatioHighButDifferenceTiny_ReturnsNull() =>
        Assert.Null(CanaryAnalysis.FindRegression(Track(1000, 0, 0.5), Track(100, 0, 5), Options));
}
