using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ShadowCompare.Storage;
using ShadowCompare.Tests.Reporting;

namespace ShadowCompare.Tests.Retention;

/// <summary>What is kept: comparisons past their retention are deleted with their fields; redacted inputs are never stored.</summary>
public sealed class RetentionTests
{
    [Fact]
    public void DeleteOlderThan_RemovesOnlyOlderComparisonsAndTheirFields()
    {
        var store = new ComparisonStore(Path.Combine(Directory.CreateTempSubdirectory("retention-").FullName, "comparisons.db"));
        // 12,000 comparisons a second apart, so deleting runs over several transactions.
        store.Save(KnownComparisons.Build(12_000));
        var cutoff = KnownComparisons.Start.AddSeconds(10_500);

        Assert.Equal(10_500, store.DeleteOlderThan(cutoff));
        var left = store.Read("churn");
        Assert.Equal(1_500, left.Count);
        Assert.All(left, r => Assert.True(r.Time >= cutoff));
        Assert.All(left, r => Assert.NotEmpty(r.Fields));
        Assert.Equal(0, store.DeleteOlderThan(cutoff));
    }

    [Fact]
    public async Task Live_RedactedInputs_AreNotStored_TheShadowStillGetsThem()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var shadow = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "2.0.0-rc.1"));
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()),
            ("ShadowCompare:Models:churn:RedactInputs:0", "tenure_months"),
            ("ShadowCompare:Models:churn:RedactInputs:1", "monthly_charges"));

        var input = ChurnSamples.PredictBody(0, 2);
        using var answer = await primary.Client.PostRawAsync("/v1/models/churn:predict", input);
        var batch = new JsonObject
        {
            ["records"] = new JsonArray(new JsonObject
            {
                ["model"] = "churn", ["api"] = "v1", ["request_id"] = "req-1", ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["input"] = JsonNode.Parse(input),
                ["primary"] = new JsonObject { ["version"] = "1.0.0", ["track"] = "stable", ["output"] = JsonNode.Parse(await answer.Content.ReadAsStringAsync()), ["latency_ms"] = 1.5 },
            }),
        };
        using var posted = await compare.Client.PostAsJsonAsync("/v1/mirror", batch);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Readiness.UntilAsync(() => Task.FromResult(compare.Service<ComparisonStore>().PendingCount() == 0), TimeSpan.FromSeconds(60), "the record to be compared");

        var stored = Assert.Single(compare.Service<ComparisonStore>().Read("churn"));
        Assert.Equal(ComparisonStatus.Compared, stored.Status);
        var instances = JsonNode.Parse(stored.Input)!["instances"]!.AsArray();
        Assert.All(instances, i => Assert.Equal(("[redacted]", "[redacted]"), ((string)i!["tenure_months"]!, (string)i["monthly_charges"]!)));
        Assert.Equal((double)JsonNode.Parse(input)!["instances"]![0]!["total_charges"]!, (double)instances[0]!["total_charges"]!);
    }
}
