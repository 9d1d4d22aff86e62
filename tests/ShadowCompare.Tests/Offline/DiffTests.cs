using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ShadowCompare.Comparison;
using ShadowCompare.Offline;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Offline;

public sealed class DiffTests
{
    private static string Dataset(int lines)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("diff-").FullName, "dataset.jsonl");
        File.WriteAllLines(file, File.ReadLines(RepositoryPaths.ChurnEvaluationSet).Take(lines));
        return file;
    }

    [Fact]
    public async Task Diff_TwoVersions_AgreementEqualsComparingTheirAnswersDirectly()
    {
        var dataset = Dataset(120);
        var store = new ComparisonStore(Path.Combine(Path.GetDirectoryName(dataset)!, "comparisons.db"));
        await OfflineRun.DiffAsync(store, RepositoryPaths.Models, "churn", "1.0.0", "1.1.0", DatasetReader.Read(dataset), "run-1",
            new ComparisonOptions(), TimeProvider.System, CancellationToken.None);
        var report = new ReportService(store, Options.Create(new ShadowCompareOptions()), TimeProvider.System).Build("churn", "1.1.0", "diff", "run-1")!;

        // The same rows sent to each version by hand, labels compared here.
        await using var baseline = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var candidate = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        var agreeing = 0;
        for (var row = 0; row < 120; row++)
        {
            var body = ChurnSamples.PredictBody(row, 1);
            using var a = await baseline.Client.PostRawAsync("/v1/models/churn:predict", body);
            using var b = await candidate.Client.PostRawAsync("/v1/models/churn:predict", body);
            var (left, right) = (await a.ReadObjectAsync(), await b.ReadObjectAsync());
            agreeing += (bool)left["predictions"]![0]!["churn"]! == (bool)right["predictions"]![0]!["churn"]! ? 1 : 0;
        }

        Assert.Equal(120, report.Counts.Compared);
        Assert.Equal(["1.0.0"], report.Baselines);
        Assert.Equal(agreeing / 120.0, report.Labels.Single(l => l.Field == "churn").Agreement, 12);
        Assert.True(agreeing < 120, "1.0.0 and 1.1.0 are different learners and should disagree somewhere");
    }

    [Fact]
    public async Task Diff_PlanVersions_ComparesTheLabelAndTheProbabilityVector()
    {
        var dataset = Path.Combine(Directory.CreateTempSubdirectory("diff-").FullName, "dataset.jsonl");
        File.WriteAllLines(dataset, File.ReadLines(Path.Combine(RepositoryPaths.Root, "data", "plan", "eval.jsonl")).Take(100));
        var store = new ComparisonStore(Path.Combine(Path.GetDirectoryName(dataset)!, "comparisons.db"));
        await OfflineRun.DiffAsync(store, RepositoryPaths.Models, "plan", "1.0.0", "1.1.0", DatasetReader.Read(dataset), "run-1",
            new ComparisonOptions(), TimeProvider.System, CancellationToken.None);
        var report = new ReportService(store, Options.Create(new ShadowCompareOptions()), TimeProvider.System).Build("plan", "1.1.0", "diff", "run-1")!;

        Assert.Equal(100, report.Counts.Compared);
        var label = report.Labels.Single(l => l.Field == "plan");
        Assert.InRange(label.Agreement, 0.5, 0.99);
        Assert.Subset(new HashSet<string> { "\"basic\"", "\"family\"", "\"premium\"", "\"standard\"" }, label.Confusion.Keys.ToHashSet());
        var vector = report.Vectors.Single(v => v.Field == "probabilities");
        Assert.Equal(100, vector.Rows);
        Assert.InRange(vector.MeanCosine, 0.5, 0.9999);
    }

    [Fact]
    public async Task DiffCommand_WritesReportsAndSaysWhere()
    {
        var dataset = Dataset(30);
        var folder = Path.GetDirectoryName(dataset)!;
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "diff", "--model", "churn", "--baseline", "1.0.0", "--candidate", "2.0.0-rc.1", "--dataset", dataset, "--models", RepositoryPaths.Models);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Contains("30 compared", outcome.Output, StringComparison.Ordinal);
        var reports = Directory.GetFiles(Path.Combine(folder, "reports"));
        Assert.Equal(3, reports.Length);
        var json = JsonNode.Parse(File.ReadAllText(reports.Single(r => r.EndsWith(".json", StringComparison.Ordinal))))!;
        Assert.Equal("diff", (string?)json["source"]);
    }

    [Fact]
    public async Task DiffCommand_UsesTheModelsOwnTolerances()
    {
        var dataset = Dataset(40);
        var folder = Path.GetDirectoryName(dataset)!;
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), """
            {"ShadowCompare": {"Models": {"churn": {"Comparison": {"ScoreTolerance": 1, "IgnoreFields": ["score"]}}}}}
            """);
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "diff", "--model", "churn", "--baseline", "1.0.0", "--candidate", "1.1.0", "--dataset", dataset, "--models", RepositoryPaths.Models);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);

        var json = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(folder, "reports"), "*.json").Single()))!;
        var probability = Assert.Single(json["scores"]!.AsArray())!;
        Assert.Equal("probability", (string)probability["field"]!);
        Assert.Equal(1.0, (double)probability["within_tolerance"]!);
    }

    [Fact]
    public async Task DiffCommand_ReportsCarryEachVersionsManifestFacts()
    {
        var dataset = Dataset(10);
        var folder = Path.GetDirectoryName(dataset)!;
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "diff", "--model", "churn", "--baseline", "1.0.0", "--candidate", "2.0.0-rc.1", "--dataset", dataset, "--models", RepositoryPaths.Models);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);

        var reports = Directory.GetFiles(Path.Combine(folder, "reports"));
        var json = File.ReadAllText(reports.Single(r => r.EndsWith(".json", StringComparison.Ordinal)));
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "shadowcompare", "v1", "report.schema.json"));
        Assert.Empty(schema.Validate(json));

        var versions = JsonNode.Parse(json)!["versions"]!.AsArray();
        Assert.Equal([("2.0.0-rc.1", "candidate"), ("1.0.0", "baseline")], versions.Select(v => ((string)v!["version"]!, (string)v["role"]!)));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Models, "churn", "2.0.0-rc.1", "model.json")))!;
        Assert.Equal((string)manifest["description"]!, (string)versions[0]!["description"]!);
        Assert.Equal((double)manifest["metrics"]!["auc"]!, (double)versions[0]!["metrics"]!["auc"]!);
        Assert.Equal((string)manifest["changelog"]![0]!, (string)versions[0]!["changelog"]![0]!);

        var html = File.ReadAllText(reports.Single(r => r.EndsWith(".html", StringComparison.Ordinal)));
        Assert.Contains(System.Net.WebUtility.HtmlEncode((string)manifest["description"]!), html, StringComparison.Ordinal);
        Assert.Contains(MarkdownReport.E((string)manifest["description"]!), File.ReadAllText(reports.Single(r => r.EndsWith(".md", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"tenure_months\": 3}\nnot json\n", "dataset.jsonl:2")]
    [InlineData("[1,2]\n", "dataset.jsonl:1")]
    public async Task DiffCommand_BadDataset_ExitsTwoNamingTheLine(string content, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("diff-bad-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "dataset.jsonl"), content);
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "diff", "--model", "churn", "--baseline", "1.0.0", "--candidate", "1.1.0", "--dataset", "dataset.jsonl", "--models", RepositoryPaths.Models);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffCommand_UnknownVersion_ExitsTwoWithTheStoresReason()
    {
        var dataset = Dataset(5);
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", Path.GetDirectoryName(dataset)!,
            "diff", "--model", "churn", "--baseline", "1.0.0", "--candidate", "7.7.7", "--dataset", dataset, "--models", RepositoryPaths.Models);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("7.7.7", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffCommand_GateAndTooFewSamples_ExitsOneWithTheReason()
    {
        var dataset = Dataset(30);
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", Path.GetDirectoryName(dataset)!,
            "diff", "--model", "churn", "--baseline", "1.0.0", "--candidate", "2.0.0-rc.1", "--dataset", dataset, "--models", RepositoryPaths.Models, "--gate");
        Assert.True(outcome.ExitCode == 1, outcome.Output + outcome.Error);
        Assert.Contains("FAIL 2.0.0-rc.1", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffCommand_ScoreToleranceInSettings_IsTheOneApplied()
    {
        var dataset = Dataset(30);
        var folder = Path.GetDirectoryName(dataset)!;
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{"ShadowCompare": {"Comparison": {"ScoreTolerance": 1000000}}}""");
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "diff", "--model", "churn", "--baseline", "1.0.0", "--candidate", "2.0.0-rc.1", "--dataset", dataset, "--models", RepositoryPaths.Models);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        var json = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(folder, "reports"), "*.json").Single()))!;
        var scores = json["scores"]!.AsArray();
        Assert.NotEmpty(scores);
        Assert.All(scores, score => Assert.Equal(1.0, (double)score!["within_tolerance"]!));
    }
}
