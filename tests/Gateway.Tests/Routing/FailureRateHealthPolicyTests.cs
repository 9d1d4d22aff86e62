using System.Net;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Gateway.Tests.Routing;

public sealed class FailureRateHealthPolicyTests
{
    [Fact]
    public async Task Predict_OneStableReplicaAnswers500_ItLeavesRotationAndCallsSucceed()
    {
        await using var healthy = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var broken = await ScriptedBackend.StartAsync(context => Results.Json(new { error = "boom" }, statusCode: 500).ExecuteAsync(context));
        await using var gateway = await GatewayServer.StartAsync(healthy.BaseAddress,
            ("ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-2:Address", broken.BaseAddress.ToString()),
            ("ReverseProxy:Clusters:churn-stable:HealthCheck:Passive:ReactivationPeriod", "00:05:00"),
            ("Gateway:BackendHealth:MinimumRequests", "5"));
        using var ejections = new MetricCollector<long>(gateway.Service<GatewayMetrics>().Meter, GatewayMetrics.BackendEjections);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 80; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
            {
                Content = new StringContent(ChurnSamples.PredictBody(i, 1), System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await gateway.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.All(statuses.TakeLast(40), s => Assert.Equal(HttpStatusCode.OK, s));
        var ejection = Assert.Single(ejections.GetMeasurementSnapshot());
        Assert.Equal("modelhost-stable-2", ejection.Tags["destination"]);
    }
}
