using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>The stack as run.sh starts it: a ModelHost process and a gateway process with its shipped settings.</summary>
public sealed class StackTests
{
    [Fact]
    public async Task Predict_ThroughGatewayProcess_AnswersFromModelHostThenFromCache()
    {
        await using var modelHost = await ServiceProcess.StartAsync("ModelHost", $"--ModelHost:Store={RepositoryPaths.Models}");
        await modelHost.WaitUntilReadyAsync("/v2/health/ready");
        await using var gateway = await ServiceProcess.StartAsync(
            "Gateway",
            $"--Gateway:SchemaDirectory={Path.Combine(RepositoryPaths.Root, "schemas")}",
            "--Gateway:AdminUrls=http://127.0.0.1:0",
            $"--ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address={modelHost.Address}");
        await gateway.WaitUntilReadyAsync("/readyz");

        var body = new StringContent(ChurnSamples.PredictBody(0, 3), Encoding.UTF8, "application/json");
        using var first = await gateway.Client.PostAsync("/v1/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("MISS", first.Headers.GetValues("X-Cache").Single());

        // The answer does not wait for its cache store: a repeat sent at once may still miss; one soon after hits.
        HttpResponseMessage? second = null;
        await Readiness.UntilAsync(async () =>
        {
            second?.Dispose();
            second = await gateway.Client.PostAsync("/v1/models/churn:predict", body);
            return second.Headers.GetValues("X-Cache").Single() == "HIT";
        }, TimeSpan.FromSeconds(10), "a repeat to be answered from the cache");
        using var _ = second;
        Assert.Equal("1.1.0", first.Headers.GetValues("X-Model-Version").Single());
        var predictions = (await first.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray();
        Assert.Equal(3, predictions.Count);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second!.Content.ReadAsStringAsync());

        var openApi = await gateway.Client.GetStringAsync("/openapi/v1.json");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "schemas", "openapi.v1.json"))), JsonNode.Parse(openApi)));
    }
}
