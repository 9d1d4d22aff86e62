using ReleaseStatistics;
using ShadowCompare.Gate;

namespace ShadowCompare.Tests.Gate;

/// <summary>The release score against the formula worked by hand, its weights, and the gate's use of it.</summary>
public sealed class ReleaseScoreTests
{
    private static GateEvidence Evidence(double agreement, double? withinTolerance, double medianRatio, long failed) =>
        new(1000, agreement, "agreement", 1.0, 1000, failed, new RankTestResult(0, 0, 0.5, 0.5, 1000, 1000), medianRatio, withinTolerance);

    [Fact]
    public void Score_IsTheWeightedMeanOfItsParts()
    {
        // agreement 0.95 × 0.5, scores 0.8 × 0.2, latency 0.8 (10 % slower, a regression) × 0.15, errors 1 − 10 × 10/1010 × 0.15.
        var score = ReleaseScore.Compute(Evidence(0.95, 0.8, 1.1, 10), latencyRegression: true, new ScoreWeights());
        var expected = 100 * ((0.95 * 0.5) + (0.8 * 0.2) + (0.8 * 0.15) + ((1 - (10 * 10 / 1010.0)) * 0.15));
        Assert.Equal(Math.Round(expected, 1), score.Score);
        Assert.Equal(["agreement", "scores", "latency", "errors"], score.Parts.Select(p => p.Name));
        Assert.Equal(score.Parts.Sum(p => p.Points), score.Score, 1);
    }

    [Fact]
    public void Score_NoRegressionAndNoNumbers_FullMarksForThoseParts()
    {
        var score = ReleaseScore.Compute(Evidence(1, null, 1.3, 0), latencyRegression: false, new ScoreWeights());
        Assert.Equal(100, score.Score);
    }

    [Fact]
    public void Score_WeightsOnlyCountAsProportions()
    {
        var evidence = Evidence(0.9, 0.5, 1, 0);
        var once = ReleaseScore.Compute(evidence, false, new ScoreWeights { Agreement = 1, Scores = 1, Latency = 0, Errors = 0 });
        var tenfold = ReleaseScore.Compute(evidence, false, new ScoreWeights { Agreement = 10, Scores = 10, Latency = 0, Errors = 0 });
        Assert.Equal(70, once.Score);
        Assert.Equal(once.Score, tenfold.Score);
    }

    [Fact]
    public void Gate_ScoreUnderTheMinimum_FailsNamingIt()
    {
        var verdict = GatePolicy.Evaluate("1.1.0", Evidence(0.999, 0.2, 1, 0), new GateThresholds { MinScore = 90 });
        Assert.False(verdict.Passed);
        Assert.Contains("release score 84 below 90", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(verdict.ReleaseScore!.Score, verdict.Score);
    }
}
