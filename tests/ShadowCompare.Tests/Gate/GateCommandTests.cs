using ShadowCompare.Storage;
using ShadowCompare.Tests.Reporting;

namespace ShadowCompare.Tests.Gate;

public sealed class GateCommandTests
{
    private static string StoreWith(int comparisons)
    {
        var folder = Directory.CreateTempSubdirectory("gate-").FullName;
        new ComparisonStore(Path.Combine(folder, "comparisons.db")).Save(KnownComparisons.Build(comparisons));
        return folder;
    }

    [Fact]
    public async Task Gate_CandidateWithinThresholds_ExitsZeroWithOneLine()
    {
        var folder = StoreWith(1200);
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "gate", "--store", "comparisons.db", "--model", "churn", "--candidate", "2.0.0", "--min-agreement", "0.5", "--max-p99-ratio", "1.2", "--min-samples", "1000",
            // The known comparisons' candidate is 1 ms (about 18 % at the median) slower: allowed here.
            "--min-latency-increase", "0.5");
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.StartsWith("PASS 2.0.0:", outcome.Output, StringComparison.Ordinal);
        Assert.Single(outcome.Output.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--min-agreement", "0.999", "agreement")]
    [InlineData("--min-samples", "5000", "samples below 5000")]
    [InlineData("--max-p99-ratio", "1.05", "p99 ratio")]
    public async Task Gate_ThresholdCrossed_ExitsOneNamingIt(string option, string value, string expected)
    {
        var folder = StoreWith(1200);
        var thresholds = new Dictionary<string, string> { ["--min-agreement"] = "0.5", ["--min-samples"] = "1000", [option] = value };
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            ["gate", "--store", "comparisons.db", "--model", "churn", "--candidate", "2.0.0", .. thresholds.SelectMany(t => new[] { t.Key, t.Value })]);
        Assert.True(outcome.ExitCode == 1, outcome.Output + outcome.Error);
        Assert.StartsWith("FAIL 2.0.0:", outcome.Output, StringComparison.Ordinal);
        Assert.Contains(expected, outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_UnknownCandidate_ExitsOne()
    {
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", StoreWith(10), "gate", "--store", "comparisons.db", "--model", "churn", "--candidate", "9.9.9");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("no comparisons", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_MissingOption_ExitsTwo()
    {
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", StoreWith(10), "gate", "--model", "churn");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--candidate", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gate", "--candidate", "2.0.0")]
    [InlineData("report")]
    [InlineData("replay", "--candidate", "2.0.0")]
    public async Task ReadingCommand_StoreMistyped_ExitsTwoAndCreatesNoStore(params string[] command)
    {
        var folder = StoreWith(10);
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder, [.. command, "--store", "comparisns.db", "--model", "churn"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no comparison store", outcome.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "comparisns.db")));
    }

    [Fact]
    public async Task Gate_ThresholdsFromSettingsFile_AreTheDefaults()
    {
        var folder = StoreWith(1200);
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{"ShadowCompare": {"Gate": {"MinSamples": 5000}}}""");
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "gate", "--store", "comparisons.db", "--model", "churn", "--candidate", "2.0.0", "--min-agreement", "0.5", "--max-p99-ratio", "1.2", "--min-latency-increase", "0.5");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("samples below 5000", outcome.Output, StringComparison.Ordinal);
    }
}
