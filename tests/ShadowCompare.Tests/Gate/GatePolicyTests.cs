using ReleaseStatistics;
using ShadowCompare.Gate;

namespace ShadowCompare.Tests.Gate;

public sealed class GatePolicyTests
{
    private static readonly GateThresholds Thresholds = new() { MinAgreement = 0.98, MaxP99Ratio = 1.2, MinSamples = 1000, MaxFailureRate = 0.01 };

    // A latency test that finds nothing: no shift.
    private static readonly RankTestResult NoShift = new(0, 0, 0.5, 0.5, 1500, 1500);

    private static GateEvidence Evidence(long samples = 1500, double agreement = 0.995, double ratio = 1.05, long failed = 0, RankTestResult? latency = null, double median = 1) =>
        new(samples, agreement, "agreement", ratio, samples, failed, latency ?? NoShift, median);

    [Fact]
    public void Evaluate_AllWithinThresholds_Passes()
    {
        var verdict = GatePolicy.Evaluate("1.1.0", Evidence(), Thresholds);
        Assert.True(verdict.Passed, verdict.Reason);
        Assert.StartsWith("PASS 1.1.0:", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(999, 0.995, 1.0, 0, "999 samples below 1000")]
    [InlineData(1500, 0.97, 1.0, 0, "agreement 0.97 (lower bound")]
    [InlineData(1500, 0.995, 1.3, 0, "p99 ratio 1.3 above 1.2")]
    [InlineData(1500, 0.995, 1.0, 100, "failure rate")]
    public void Evaluate_OneThresholdCrossed_FailsNamingIt(long samples, double agreement, double ratio, long failed, string expected)
    {
        var verdict = GatePolicy.Evaluate("1.1.0", Evidence(samples, agreement, ratio, failed), Thresholds);
        Assert.False(verdict.Passed);
        Assert.Contains(expected, verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', verdict.Reason);
    }

    [Fact]
    public void Evaluate_AgreementAboveTheMinimumButNotSurely_Fails()
    {
        // 0.982 over 1,500 rows: the point is above 0.98, its 95 % lower bound (about 0.975) is not.
        var verdict = GatePolicy.Evaluate("1.1.0", Evidence(agreement: 0.982), Thresholds);
        Assert.False(verdict.Passed);
        Assert.Contains("below 0.98", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.001, 0.6, 1.2, false)] // significant, large enough, 20 % slower: a regression
    [InlineData(0.2, 0.6, 1.2, true)]    // not significant
    [InlineData(0.001, 0.52, 1.2, true)] // significant but a negligible effect
    [InlineData(0.001, 0.6, 1.05, true)] // significant but a 5 % median rise, under the 10 % that matters
    public void Evaluate_LatencyShift_FailsOnlyWhenSignificantAndLargeEnough(double p, double effect, double median, bool passes)
    {
        var verdict = GatePolicy.Evaluate("1.1.0", Evidence(latency: new RankTestResult(0, 3, p, effect, 1500, 1500), median: median), Thresholds);
        Assert.Equal(passes, verdict.Passed);
        Assert.Contains(passes ? "no latency regression" : "latency regression", verdict.Reason, StringComparison.Ordinal);
    }
}
