using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Routing;

public sealed class BackendFailureTests
{
    [Fact]
    public async Task Predict_BackendUnreachable_Returns502Or503ProblemWithRetryAfter()
    {
        // A port nothing listens on: connections are refused at once, as when every ModelHost replica is down.
        var port = LoopbackPorts.Unused();
        await using var gateway = await GatewayServer.StartAsync(new Uri($"http://127.0.0.1:{port}/"));

        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1));
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
            Assert.True(response.Headers.Contains("Retry-After"));
            await Problem.ReadAsync(response);
        }

        using var ready = await gateway.Client.GetAsync("/readyz");
        Assert.True(ready.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Predict_OneOfTwoStableReplicasRefusing_EveryCallAnsweredByTheOther()
    {
        // A replica restarting refuses connections; until passive health takes it out, its calls go to the other one.
        var refusing = LoopbackPorts.Unused();
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress,
            ("ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-2:Address", $"http://127.0.0.1:{refusing}/"),
            ("ReverseProxy:Clusters:churn-stable:LoadBalancingPolicy", "RoundRobin"),
            ("Gateway:Models:churn:CacheTtlSeconds", "0"));

        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Predict_OneOfTwoStableReplicasAnswering503_EveryCallAnsweredByTheOther_NothingOfThe503Shown()
    {
        // A replica that answers 503 (here, one configured with a version its store does not hold; after a restart, one
        // still loading its models) cannot take the call now; until passive health takes it out, the other one answers.
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var unavailable = await ModelHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["ModelHost:Store"] = RepositoryPaths.Models,
            ["ModelHost:Models:churn"] = "9.9.9",
        }, waitUntilReady: false);
        using (var direct = await unavailable.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, direct.StatusCode);
        }

        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress,
            ("ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-2:Address", unavailable.BaseAddress.ToString()),
            ("ReverseProxy:Clusters:churn-stable:LoadBalancingPolicy", "RoundRobin"),
            ("Gateway:Models:churn:CacheTtlSeconds", "0"));

        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Retry-After"));
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())?["predictions"]);
        }

        var metrics = await gateway.Admin().GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("gateway_backend_retries_total{", StringComparison.Ordinal)
            && line.Contains("reason=\"unavailable\"", StringComparison.Ordinal) && line.Contains("track=\"stable\"", StringComparison.Ordinal)
            && !line.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Predict_OnlyStableReplicaAnswering503_Returns502ProblemWithRetryAfter()
    {
        // Nowhere else to send it: the 503 is answered as a backend failure, not dropped.
        await using var unavailable = await ModelHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["ModelHost:Store"] = RepositoryPaths.Models,
            ["ModelHost:Models:churn"] = "9.9.9",
        }, waitUntilReady: false);
        await using var gateway = await GatewayServer.StartAsync(unavailable.BaseAddress, ("Gateway:Models:churn:CacheTtlSeconds", "0"));

        using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Contains("503", (string)(await Problem.ReadAsync(response))["detail"]!, StringComparison.Ordinal);
    }
}
