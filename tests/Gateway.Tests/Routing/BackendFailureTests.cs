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
}
