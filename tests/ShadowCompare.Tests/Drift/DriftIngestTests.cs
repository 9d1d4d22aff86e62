using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShadowCompare.Drift;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Drift;

/// <summary>Drift through the service: mirrored inputs counted as they are compared, in the report, on /metrics.</summary>
public sealed class DriftIngestTests
{
    // Records whose 20 instances each have monthly charges 30 higher than the evaluation set's; the primary's answers are real.
    private static async Task<JsonObject> ShiftedBatchAsync(LoopbackServer primary, int records)
    {
        var batch = new JsonArray();
        for (var i = 0; i < records; i++)
        {
            var input = JsonNode.Parse(ChurnSamples.PredictBody(i * 20, 20))!.AsObject();
            foreach (var instance in input["instances"]!.AsArray())
            {
                instance!["monthly_charges"] = instance["monthly_charges"]!.GetValue<double>() + 30;
            }

            using var answer = await primary.Client.PostRawAsync("/v1/models/churn:predict", input.ToJsonString());
            batch.Add(new JsonObject
            {
                ["model"] = "churn", ["api"] = "v1", ["request_id"] = $"req-{i}", ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["input"] = input,
                ["primary"] = new JsonObject { ["version"] = "1.0.0", ["track"] = "stable", ["output"] = JsonNode.Parse(await answer.Content.ReadAsStringAsync()), ["latency_ms"] = 1.5 },
            });
        }

        return new JsonObject { ["records"] = batch };
    }

    [Fact]
    public async Task ShiftedLiveInputs_ReportAndMetricsFlagTheFeature()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:same:Url", primary.BaseAddress.ToString()),
            ("ShadowCompare:ModelStore", RepositoryPaths.Models),
            ("ShadowCompare:Drift:MinimumRows", "400"));

        using var posted = await compare.Client.PostAsJsonAsync("/v1/mirror", await ShiftedBatchAsync(primary, 30));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Readiness.UntilAsync(() => Task.FromResult(compare.Service<ComparisonStore>().PendingCount() == 0), TimeSpan.FromSeconds(60), "every record compared");

        var json = await compare.Client.GetStringAsync("/reports/churn.json");
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "shadowcompare", "v1", "report.schema.json"));
        Assert.Empty(schema.Validate(json));
        var report = JsonDocument.Parse(json).RootElement.GetProperty("drift");
        Assert.Equal("1.0.0", report.GetProperty("version").GetString());
        Assert.Equal(600, report.GetProperty("rows").GetInt64());
        Assert.Equal(["monthly_charges"], report.GetProperty("drifted").EnumerateArray().Select(d => d.GetString()));
        var html = await compare.Client.GetStringAsync("/reports/churn");
        Assert.Contains("Input monthly_charges: share of rows per bin", html, StringComparison.Ordinal);
        Assert.Contains("| monthly\\_charges | numeric | 600 |", await compare.Client.GetStringAsync("/reports/churn.md"), StringComparison.Ordinal);

        await compare.Service<DriftMonitor>().RefreshAsync(CancellationToken.None);
        var metrics = await compare.Client.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("shadowcompare_drift_drifted{", StringComparison.Ordinal) && l.EndsWith("feature=\"monthly_charges\",model=\"churn\",version=\"1.0.0\"} 1", StringComparison.Ordinal));
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("shadowcompare_drift_drifted{", StringComparison.Ordinal) && l.EndsWith("feature=\"tenure_months\",model=\"churn\",version=\"1.0.0\"} 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedactedFields_AreNotCounted()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:same:Url", primary.BaseAddress.ToString()),
            ("ShadowCompare:Models:churn:RedactInputs:0", "monthly_charges"),
            ("ShadowCompare:ModelStore", RepositoryPaths.Models));

        using var posted = await compare.Client.PostAsJsonAsync("/v1/mirror", await ShiftedBatchAsync(primary, 2));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Readiness.UntilAsync(() => Task.FromResult(compare.Service<ComparisonStore>().PendingCount() == 0), TimeSpan.FromSeconds(60), "every record compared");

        var counts = compare.Service<ComparisonStore>().DriftCounts("churn", "1.0.0", DateTimeOffset.UtcNow.AddHours(-1));
        Assert.False(counts.ContainsKey("monthly_charges"));
        Assert.Equal(40, counts["tenure_months"].Values.Sum());
    }
}
