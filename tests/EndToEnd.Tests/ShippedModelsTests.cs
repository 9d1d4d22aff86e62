using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>The shipped churn versions, served by a real ModelHost process, reproduce the metrics their manifests claim.</summary>
public sealed class ShippedModelsTests
{
    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    [InlineData("2.0.0-rc.1")]
    public async Task Predict_WholeEvaluationSet_ReproducesManifestAccuracy(string version)
    {
        await using var host = await ServiceProcess.StartAsync("ModelHost", $"--ModelHost:Store={RepositoryPaths.Models}", $"--ModelHost:Models:churn={version}");
        await host.WaitUntilReadyAsync("/v2/health/ready");
        var rows = File.ReadLines(RepositoryPaths.ChurnEvaluationSet).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

        var correct = 0;
        foreach (var chunk in rows.Chunk(250))
        {
            var body = new JsonObject { ["instances"] = new JsonArray([.. chunk.Select(r => r.DeepClone())]) };
            using var response = await host.Client.PostAsync("/v1/models/churn:predict", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var predictions = (await response.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray();
            correct += chunk.Zip(predictions).Count(p => (bool)p.First["churned"]! == (bool)p.Second!["churn"]!);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Models, "churn", version, "model.json")))!;
        var claimed = (double)manifest["metrics"]!["accuracy"]!;
        Assert.Equal(claimed, (double)correct / rows.Count, 0.001);
    }

    [Fact]
    public async Task Versions_SameInputs_AnswerDifferently()
    {
        var body = new JsonObject
        {
            ["instances"] = new JsonArray([.. File.ReadLines(RepositoryPaths.ChurnEvaluationSet).Take(200).Select(l => JsonNode.Parse(l))]),
        }.ToJsonString();
        var probabilities = new List<double[]>();
        foreach (var version in new[] { "1.0.0", "1.1.0", "2.0.0-rc.1" })
        {
            await using var host = await ServiceProcess.StartAsync("ModelHost", $"--ModelHost:Store={RepositoryPaths.Models}", $"--ModelHost:Models:churn={version}");
            await host.WaitUntilReadyAsync("/v2/health/ready");
            using var response = await host.Client.PostAsync("/v1/models/churn:predict", new StringContent(body, Encoding.UTF8, "application/json"));
            var predictions = (await response.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray();
            probabilities.Add([.. predictions.Select(p => (double)p!["probability"]!)]);
        }

        // Different learners: their probabilities differ materially on the same customers, which is what canary and shadow comparisons need.
        for (var a = 0; a < probabilities.Count; a++)
        {
            for (var b = a + 1; b < probabilities.Count; b++)
            {
                var meanGap = probabilities[a].Zip(probabilities[b]).Average(p => Math.Abs(p.First - p.Second));
                Assert.True(meanGap > 0.02, $"versions {a} and {b} differ by only {meanGap:F4} on average");
            }
        }
    }
}
