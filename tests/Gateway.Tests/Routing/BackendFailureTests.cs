using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Routing;

public sealed class BackendFailureTests
{
    [Fact]
    public async Task Predict_BackendUnreachable_Returns502Or503ProblemWithRetryAfter()
    {
        // A port nothing listens on: connections are refused at once, as when every ModelHost replica is down.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
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
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var refusing = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
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
}
