using ShadowCompare.Comparison;
using ShadowCompare.Gate;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Reporting;

/// <summary>The noise floor's figures against an independent count over known comparisons.</summary>
public sealed class NoiseFloorTests
{
    // The control: the primary against itself, with the label flipped on every tenth row (a nondeterministic model).
    private static List<ComparisonResult> Control(int count) =>
        [.. KnownComparisons.Build(count, candidate: "1.0.0").Select((r, i) => r with
        {
            Shadow = NoiseFloor.ControlName,
            Fields = [.. r.Fields.Select(f => f.Field == "churn" ? f with { Agree = i % 10 != 0 } : f with { Agree = true, AbsoluteDifference = 0.001 })],
        })];

    [Fact]
    public void Report_WithControl_JudgesEachFieldAndTheAgreementAboveTheNoise()
    {
        var candidate = KnownComparisons.Build(300);
        // Fields past the noise would fail the gate, and a failing verdict names only its failures: they are the next test's.
        var report = ReportBuilder.Build("churn", "2.0.0", "live", null, candidate, new Dictionary<string, long>(),
            new GateThresholds { MinSamples = 100, MinLatencyIncrease = 0.5, FailPastNoise = false }, KnownComparisons.Start, control: Control(200), noiseOptions: new NoiseOptions());

        // Independently: the candidate's label flips and mean |difference| from the known probabilities.
        var probabilities = KnownComparisons.Probabilities(300);
        var flips = probabilities.Count(p => (p.Primary >= 0.5) != (p.Shadow >= 0.5)) / 300.0;
        var meanDifference = probabilities.Average(p => Math.Abs(p.Shadow - p.Primary));

        var noise = report.Noise!;
        Assert.Equal(200, noise.Rows);
        Assert.Equal(0.9, noise.Agreement!.Value, 12);
        // Only the noise surely there is forgiven: the Wilson lower bound of 20 disagreements in 200 rows.
        Assert.Equal(Math.Min(1, (1 - flips) + ReleaseStatistics.Proportion.Wilson(20, 200).Lower), noise.AgreementAboveNoise!.Value, 12);
        var label = noise.Fields.Single(f => f.Field == "churn");
        Assert.Equal((flips, 0.1, (0.1 * 1.2) + 0.01), (label.Candidate, label.Noise, label.Threshold));
        Assert.Equal(flips > 0.13, label.PastNoise);
        var score = noise.Fields.Single(f => f.Field == "probability");
        Assert.Equal(meanDifference, score.Candidate, 9);
        Assert.Equal(0.001, score.Noise, 12);
        Assert.True(score.PastNoise);
        Assert.Contains("agreement above noise", report.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_FieldPastTheNoise_FailsNamingIt_UnlessTurnedOff()
    {
        var candidate = KnownComparisons.Build(300);
        var thresholds = new GateThresholds { MinSamples = 100, MinAgreement = 0, MinScore = 0, MaxP99Ratio = 1000, MinLatencyIncrease = 50 };
        var report = ReportBuilder.Build("churn", "2.0.0", "live", null, candidate, new Dictionary<string, long>(), thresholds,
            KnownComparisons.Start, control: Control(200), noiseOptions: new NoiseOptions());
        var past = report.Noise!.Fields.Where(f => f.PastNoise).Select(f => f.Field).ToList();
        Assert.Contains("probability", past);
        Assert.False(report.Verdict.Passed);
        Assert.Contains($"past the noise: {string.Join(", ", past)}", report.Verdict.Reason, StringComparison.Ordinal);

        // A difference made on purpose: a larger absolute threshold, or the check turned off.
        var wide = ReportBuilder.Build("churn", "2.0.0", "live", null, candidate, new Dictionary<string, long>(), thresholds,
            KnownComparisons.Start, control: Control(200), noiseOptions: new NoiseOptions { AbsoluteThreshold = 1 });
        Assert.True(wide.Verdict.Passed, wide.Verdict.Reason);
        Assert.Contains("no field past the noise", wide.Verdict.Reason, StringComparison.Ordinal);
        thresholds.FailPastNoise = false;
        var off = ReportBuilder.Build("churn", "2.0.0", "live", null, candidate, new Dictionary<string, long>(), thresholds,
            KnownComparisons.Start, control: Control(200), noiseOptions: new NoiseOptions());
        Assert.True(off.Verdict.Passed, off.Verdict.Reason);
    }

    [Fact]
    public void ReleaseScore_ScoresPart_ForgivesTheControlsOwnShareOutsideTolerance()
    {
        // The control's probability is outside tolerance on every fifth row: 40 of 200.
        var control = Control(200).Select((r, i) => r with
        {
            Fields = [.. r.Fields.Select(f => f.Field == "probability" ? f with { Agree = i % 5 != 0 } : f)],
        }).ToList();
        var report = ReportBuilder.Build("churn", "2.0.0", "live", null, KnownComparisons.Build(300), new Dictionary<string, long>(), new GateThresholds { MinSamples = 100 },
            KnownComparisons.Start, control: control, noiseOptions: new NoiseOptions());

        var within = report.Scores.Single(s => s.Field == "probability").WithinTolerance;
        var expected = Math.Min(1, within + ReleaseStatistics.Proportion.Wilson(40, 200).Lower);
        Assert.Equal(expected, report.Noise!.WithinToleranceAboveNoise!.Value, 12);
        Assert.Equal(expected, report.Verdict.ReleaseScore!.Parts.Single(p => p.Name == "scores").Value, 12);
    }

    [Fact]
    public void Report_ControlUnderMinimumRows_NoFiguresAndTheGateJudgesPlainAgreement()
    {
        var report = ReportBuilder.Build("churn", "2.0.0", "live", null, KnownComparisons.Build(300), new Dictionary<string, long>(), new GateThresholds { MinSamples = 100 },
            KnownComparisons.Start, control: Control(10), noiseOptions: new NoiseOptions { MinimumRows = 30 });

        Assert.Equal(10, report.Noise!.Rows);
        Assert.Null(report.Noise.AgreementAboveNoise);
        Assert.Empty(report.Noise.Fields);
        Assert.DoesNotContain("above noise", report.Verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("past the noise", report.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CandidateSlowerThanThePrimary_TheGateSeesALatencyRegression()
    {
        // The known comparisons' shadow answers 1 ms slower on every row: about 18 % at the median.
        var report = ReportBuilder.Build("churn", "2.0.0", "live", null, KnownComparisons.Build(1000), new Dictionary<string, long>(), new GateThresholds(),
            KnownComparisons.Start);
        Assert.Contains("latency regression (", report.Verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("no latency regression", report.Verdict.Reason, StringComparison.Ordinal);
    }
}
