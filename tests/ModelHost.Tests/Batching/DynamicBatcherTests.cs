using System.Net;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ModelHost.Telemetry;
using ModelHost.Tests.Infrastructure;
using System.Diagnostics.Metrics;

namespace ModelHost.Tests.Batching;

public sealed class DynamicBatcherTests
{
    [Fact]
    public async Task Run_ConcurrentRequests_CoalescedIntoOneRunWithEachCallersOwnRows()
    {
        await using var host = await ModelHostServer.StartAsync(
            RepositoryPaths.Models,
            ("ModelHost:Models:churn", "1.1.0"),
            ("ModelHost:Batching:MaxQueueDelayMicroseconds", "300000"),
            ("ModelHost:Batching:MaxConcurrency", "1"));
        using var batches = new MetricCollector<int>(host.Service<IMeterFactory>(), "ModelHost", ModelHostMetrics.BatchSize);

        // The expected answers come from one request holding every row; each caller then asks for its own slice.
        var expected = await ProbabilitiesAsync(host, ChurnSamples.PredictBody(0, 48));
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => ProbabilitiesAsync(host, ChurnSamples.PredictBody(i * 3, 3))));

        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(expected.Skip(i * 3).Take(3), answers[i]);
        }

        var sizes = batches.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        Assert.True(sizes.Max() > 1, $"batch sizes seen: {string.Join(",", sizes)}");
        Assert.True(sizes.Count < 17, $"16 concurrent requests took {sizes.Count} runs");
    }

    [Fact]
    public async Task Run_BatchingDisabled_RunsEachRequestAlone()
    {
        await using var host = await ModelHostServer.StartAsync(
            RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"), ("ModelHost:Batching:Enabled", "false"));
        using var batches = new MetricCollector<int>(host.Service<IMeterFactory>(), "ModelHost", ModelHostMetrics.BatchSize);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => ProbabilitiesAsync(host, ChurnSamples.PredictBody(i, 1))));

        Assert.All(batches.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task Run_QueueFull_Returns503WithRetryAfterAndServesTheRest()
    {
        // ResNet18 has a fixed batch of 1, so it runs under the concurrency cap: one running, one waiting, the rest refused.
        await using var host = await ModelHostServer.StartAsync(
            RepositoryPaths.ResNetStore,
            ("ModelHost:Batching:MaxConcurrency", "1"),
            ("ModelHost:Batching:MaxQueueSize", "1"));
        // Binary tensor data: parsing takes microseconds, so the calls reach the queue together while the first one runs.
        var pixels = BinaryRequests.Floats(ResNetRequests.Pixels(1));
        var header = new System.Text.Json.Nodes.JsonObject
        {
            ["inputs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = ResNetRequests.Input, ["datatype"] = "FP32", ["shape"] = new System.Text.Json.Nodes.JsonArray(1, 3, 224, 224),
                ["parameters"] = new System.Text.Json.Nodes.JsonObject { ["binary_data_size"] = pixels.Length },
            }),
        };

        // Bursts of 24 at once until the queue overflows: on a loaded two-core machine one burst can trickle in slower
        // than the model answers, and then nothing waits; the property checked is what happens when something does.
        var responses = new List<HttpResponseMessage>();
        for (var burst = 0; burst < 5 && !responses.Any(r => r.StatusCode == HttpStatusCode.ServiceUnavailable); burst++)
        {
            responses.AddRange(await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => host.Client.PostAsync("/v2/models/resnet18/infer", BinaryRequests.Content(header, pixels)))));
        }

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(refused, r => Assert.True(r.Headers.Contains("Retry-After")));
        Assert.Contains("requests waiting", (string)(await refused[0].ReadObjectAsync())["error"]!, StringComparison.Ordinal);
    }

    private static async Task<float[]> ProbabilitiesAsync(LoopbackServer host, string body)
    {
        using var response = await host.Client.PostRawAsync("/v1/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadObjectAsync())["predictions"]!.AsArray().Select(p => (float)p!["probability"]!)];
    }
}
