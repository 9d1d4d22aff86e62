using ShadowCompare.Gate;

namespace ShadowCompare.Tests.Gate;

public sealed class GatePolicyTests
{
    private static readonly GateThresholds Thresholds = new() { MinAgreement = 0.98, MaxP99Ratio = 1.2, MinSamples = 1000, MaxFailureRate = 0.01 };

    [Fact]
    public void Evaluate_AllWithinThresholds_Passes()
    {
        var verdict = GatePolicy.Evaluate("1.1.0", 1500, 0.99, 1.05, 1500, 0, Thresholds);
        Assert.True(verdict.Passed);
        Assert.StartsWith("PASS 1.1.0:", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(999, 0.99, 1.0, 0, "999 samples below 1000")]
    [InlineData(1500, 0.97, 1.0, 0, "agreement 0.97 below 0.98")]
    [InlineData(1500, 0.99, 1.3, 0, "p99 ratio 1.3 above 1.2")]
    [InlineData(1500, 0.99, 1.0, 100, "failure rate")]
    public void Evaluate_OneThresholdCrossed_FailsNamingIt(long samples, double agreement, double ratio, long failed, string expected)
    {
        var verdict = GatePolicy.Evaluate("1.1.0", samples, agreement, ratio, samples, failed, Thresholds);
        Assert.False(verdict.Passed);
        Assert.Contains(expected, verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', verdict.Reason);
    }
}
