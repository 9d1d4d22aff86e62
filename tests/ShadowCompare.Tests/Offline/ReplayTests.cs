using System.Text.Json.Nodes;
using ShadowCompare.Comparison;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Offline;

public sealed class ReplayTests
{
    [Fact]
    public async Task ReplayCommand_StoredLiveInputs_ComparedAgainstTheCandidate()
    {
        var folder = Directory.CreateTempSubdirectory("replay-").FullName;
        var store = new ComparisonStore(Path.Combine(folder, "comparisons.db"));
        await using (var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0")))
        {
            var live = new List<ComparisonResult>();
            for (var i = 0; i < 25; i++)
            {
                var input = ChurnSamples.PredictBody(i, 1);
                using var answer = await primary.Client.PostRawAsync("/v1/models/churn:predict", input);
                var output = await answer.Content.ReadAsStringAsync();
                var (fields, _) = OutputComparer.Compare(output, output, new ComparisonOptions());
                live.Add(new ComparisonResult
                {
                    Model = "churn", Source = "live", RequestId = $"live-{i}", Time = DateTimeOffset.UtcNow, Input = input,
                    PrimaryVersion = "1.0.0", PrimaryOutput = output, PrimaryLatencyMilliseconds = 1,
                    Shadow = "old", ShadowVersion = "1.0.0", ShadowOutput = output, ShadowLatencyMilliseconds = 1, Status = ComparisonStatus.Compared, Fields = fields!,
                });
            }

            store.Save(live);
        }

        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "replay", "--store", "comparisons.db", "--model", "churn", "--candidate", "1.1.0", "--models", RepositoryPaths.Models);
        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Contains("25 compared", outcome.Output, StringComparison.Ordinal);

        var report = await CommandRunner.RunProjectAsync("ShadowCompare", folder,
            "report", "--store", "comparisons.db", "--model", "churn", "--candidate", "1.1.0", "--source", "replay", "--out", "out");
        Assert.True(report.ExitCode == 0, report.Output + report.Error);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "out", "churn-1.1.0-replay.json")))!;
        Assert.Equal(25, (long)json["samples"]!);
        Assert.Equal("1.0.0", (string?)json["baselines"]![0]);
        Assert.True(File.Exists(Path.Combine(folder, "out", "churn-1.1.0-replay.html")));
    }

    [Fact]
    public async Task ReplayCommand_NothingStored_ExitsOneSayingSo()
    {
        var folder = Directory.CreateTempSubdirectory("replay-empty-").FullName;
        _ = new ComparisonStore(Path.Combine(folder, "shadowcompare.db"));
        var outcome = await CommandRunner.RunProjectAsync("ShadowCompare", folder, "replay", "--model", "churn", "--candidate", "1.1.0");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("no live comparisons", outcome.Error, StringComparison.Ordinal);
    }
}
