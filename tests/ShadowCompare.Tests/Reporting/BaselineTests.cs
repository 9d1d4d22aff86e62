using Microsoft.Extensions.Options;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Reporting;

/// <summary>A candidate compared with two primaries (stable's and canary's versions): each baseline its own figures, never pooled.</summary>
public sealed class BaselineTests
{
    private static ReportService Reports(out ComparisonStore store)
    {
        store = new ComparisonStore(Path.Combine(Directory.CreateTempSubdirectory("baselines-").FullName, "comparisons.db"));

        // 300 against 1.0.0 with known agreement; 100 against 1.1.0 that all disagree (the shadow flips every label).
        var stable = KnownComparisons.Build(300);
        var canary = KnownComparisons.Build(100).Select(r => r with
        {
            RequestId = "c" + r.RequestId,
            PrimaryVersion = "1.1.0",
            Fields = [.. r.Fields.Select(f => f.Field == "churn" ? f with { Agree = false } : f)],
        }).ToList();
        store.Save([.. stable, .. canary]);
        return new ReportService(store, Options.Create(new ShadowCompareOptions()), TimeProvider.System);
    }

    [Fact]
    public void Report_ByDefault_IsAgainstTheBaselineWithMostComparisons_AndNamesTheOthers()
    {
        var report = Reports(out _).Build("churn", "2.0.0")!;
        var alone = ReportBuilder.Build("churn", "2.0.0", "all", null, KnownComparisons.Build(300), new Dictionary<string, long>(), new(), KnownComparisons.Start);

        Assert.Equal(["1.0.0"], report.Baselines);
        Assert.Equal(300, report.Counts.Compared);
        Assert.Equal(alone.Agreement, report.Agreement);
        Assert.Equal([new BaselineCount("1.1.0", 100)], report.OtherBaselines);
    }

    [Fact]
    public void Report_NamedBaseline_HasOnlyItsOwnFigures()
    {
        var report = Reports(out _).Build("churn", "2.0.0", baseline: "1.1.0")!;

        Assert.Equal(["1.1.0"], report.Baselines);
        Assert.Equal(100, report.Counts.Compared);
        Assert.Equal(0, report.Agreement);
        Assert.Equal([new BaselineCount("1.0.0", 300)], report.OtherBaselines);
        Assert.Null(Reports(out _).Build("churn", "2.0.0", baseline: "9.9.9"));
    }
}
