using ShadowCompare.Gate;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Reporting;

public sealed class ReportBuilderTests
{
    private static ComparisonReport Report(List<ComparisonResult> results, Dictionary<string, long>? dropped = null) =>
        ReportBuilder.Build("churn", "2.0.0", "live", null, results, dropped ?? [], new GateThresholds { MinSamples = 10 }, KnownComparisons.Start);

    private static void Near(double expected, double actual, double relative) =>
        Assert.InRange(actual, expected * (1 - relative), expected * (1 + relative));

    [Fact]
    public void Build_KnownData_FiguresEqualAnIndependentComputation()
    {
        var results = KnownComparisons.Build(700);
        var report = Report(results);
        var pairs = KnownComparisons.Probabilities(700);

        // Computed here from the raw numbers, not from the stored comparisons.
        var labelAgreement = pairs.Count(p => p.Primary >= 0.5 == p.Shadow >= 0.5) / 700.0;
        var differences = pairs.Select(p => Math.Abs(p.Shadow - p.Primary)).Order().ToArray();
        var (mx, my) = (pairs.Average(p => p.Primary), pairs.Average(p => p.Shadow));
        var correlation = pairs.Sum(p => (p.Primary - mx) * (p.Shadow - my))
            / Math.Sqrt(pairs.Sum(p => (p.Primary - mx) * (p.Primary - mx)) * pairs.Sum(p => (p.Shadow - my) * (p.Shadow - my)));
        var within = pairs.Count(p => Math.Abs(p.Shadow - p.Primary) <= 0.05) / 700.0;
        var primaryLatency = Enumerable.Range(0, 700).Select(i => 1.0 + (i % 10)).Order().ToArray();

        Assert.Equal(700, report.Samples);
        Assert.Equal(labelAgreement, report.Agreement!.Value, 12);
        var label = Assert.Single(report.Labels);
        Assert.Equal(labelAgreement, label.Agreement, 12);
        Assert.Equal(pairs.Count(p => p.Primary >= 0.5 && p.Shadow < 0.5), label.Confusion["true"].GetValueOrDefault("false"));
        var score = Assert.Single(report.Scores);
        Assert.Equal(differences.Average(), score.MeanAbsoluteDifference, 12);
        Assert.Equal(differences.Max(), score.MaxAbsoluteDifference, 12);
        // Percentiles come from 1 % bins: within half a percent of the exact one.
        Near(differences[(int)Math.Ceiling(0.99 * 700) - 1], score.P99AbsoluteDifference, 0.005);
        Near(differences[(int)Math.Ceiling(0.50 * 700) - 1], score.P50AbsoluteDifference, 0.005);
        Assert.Equal(correlation, score.Correlation!.Value, 9);
        Assert.Equal(within, score.WithinTolerance, 12);
        Assert.Equal(700, score.Histogram.Counts.Sum());
        Near(primaryLatency[(int)Math.Ceiling(0.99 * 700) - 1], report.Latency.PrimaryP99!.Value, 0.005);
        Near(11.0 / 10.0, report.Latency.P99Ratio!.Value, 0.01);
        Assert.Equal(700, report.OverTime.Sum(s => s.Rows));
    }

    [Fact]
    public void Build_FailuresAndDrops_CountsReconcile()
    {
        var results = KnownComparisons.Build(50);
        results.Add(results[0] with { Status = ComparisonStatus.Failed, Reason = FailureReasons.Timeout, Fields = [] });
        results.Add(results[0] with { Status = ComparisonStatus.Failed, Reason = FailureReasons.Unreachable, Fields = [] });
        var report = Report(results, new Dictionary<string, long> { ["queue_full"] = 3 });

        Assert.Equal(55, report.Counts.Mirrored);
        Assert.Equal(report.Counts.Mirrored, report.Counts.Compared + report.Counts.Dropped.Values.Sum() + report.Counts.Failed.Values.Sum() + report.Counts.Pending);
        Assert.Equal(1, report.Counts.Failed[FailureReasons.Timeout]);
    }

    [Fact]
    public void Build_TopDisagreements_AreFlipsWithTheirInputRow()
    {
        var report = Report(KnownComparisons.Build(200));
        var flips = KnownComparisons.Probabilities(200).Count(p => p.Primary >= 0.5 != p.Shadow >= 0.5);
        var isFlip = report.TopDisagreements.Select(d => d.Fields["churn"].Primary != d.Fields["churn"].Shadow).ToList();
        Assert.Equal(10, isFlip.Count);
        Assert.All(isFlip.Take(Math.Min(flips, 10)), Assert.True);
        Assert.All(isFlip.Skip(flips), Assert.False);
        Assert.Equal(1, report.TopDisagreements[0].Input.GetProperty("x").GetInt32());
    }
}
