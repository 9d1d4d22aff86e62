using System.Net;
using Gateway.Analysis;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Gateway.Tests.Pipeline;

/// <summary>The contracts between the request path's stages: each call is counted once, whatever the call stage did to answer it.</summary>
public sealed class PipelineStageTests
{
    [Fact]
    public async Task Predict_CanaryRetriedOnStable_CountsOnceInEveryMetricAndWindow()
    {
        var canaryCalls = 0;
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ScriptedBackend.StartAsync(context =>
        {
            Interlocked.Increment(ref canaryCalls);
            return Results.Json(new { error = "still loading" }, statusCode: 503).ExecuteAsync(context);
        });
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 100,
            ("Gateway:Canary:Analysis:MinimumRequests", "100000"));
        using var metrics = new Collectors(gateway);

        const int Calls = 5;
        for (var i = 0; i < Calls; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(Calls, canaryCalls);
        Assert.All(metrics.Requests.GetMeasurementSnapshot(), m => Assert.Equal("stable", m.Tags["track"]));
        Assert.Equal(Calls, metrics.Requests.GetMeasurementSnapshot().Count);
        Assert.Equal(Calls, metrics.Misses.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(Calls, metrics.Retries.GetMeasurementSnapshot().Count(m => (string?)m.Tags["track"] == "canary"));
        Assert.Equal(Calls, metrics.Failovers.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2 * Calls, metrics.Backend.GetMeasurementSnapshot().Count);

        var windows = gateway.Service<TrackStatistics>();
        Assert.Equal((Calls, Calls, Calls), Counts(windows.For("churn", Track.Canary).Snapshot()));
        Assert.Equal((0, Calls, 0), Counts(windows.For("churn", Track.Stable).Snapshot()));
    }

    [Fact]
    public async Task Predict_CacheHit_NeverReachesTheCallStage()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress);
        await gateway.WaitUntilReadyAsync("/readyz");
        using var metrics = new Collectors(gateway);
        var body = ChurnSamples.PredictBody(11, 1);

        var caches = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            caches.Add(response.Headers.GetValues("X-Cache").Single());
        }

        Assert.Equal(["MISS", "HIT", "HIT"], caches);
        Assert.Single(metrics.Backend.GetMeasurementSnapshot());
        Assert.Equal(["miss", "hit", "hit"], metrics.Requests.GetMeasurementSnapshot().Select(m => (string?)m.Tags["outcome"]));
        Assert.Equal((3, 1, 0), Counts(gateway.Service<TrackStatistics>().For("churn", Track.Stable).Snapshot()));
    }

    [Fact]
    public async Task Predict_StableReplicaUnreachable_FailoverRecordedOnce()
    {
        var deadPort = LoopbackPorts.Unused();
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress,
            ("ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-2:Address", $"http://127.0.0.1:{deadPort}/"),
            ("ReverseProxy:Clusters:churn-stable:LoadBalancingPolicy", "RoundRobin"),
            ("Gateway:Models:churn:CacheTtlSeconds", "0"));
        using var metrics = new Collectors(gateway);

        const int Calls = 6;
        for (var i = 0; i < Calls; i++)
        {
            using var response = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var retried = metrics.Retries.GetMeasurementSnapshot();
        Assert.All(retried, m => Assert.Equal("unreachable", m.Tags["reason"]));
        Assert.InRange(retried.Count, 1, Calls);
        Assert.Equal(Calls, metrics.Requests.GetMeasurementSnapshot().Count);
        Assert.Equal(Calls + retried.Count, metrics.Backend.GetMeasurementSnapshot().Count);
        Assert.Equal((Calls, Calls + retried.Count, retried.Count), Counts(gateway.Service<TrackStatistics>().For("churn", Track.Stable).Snapshot()));
    }

    private static (long Assigned, long Answered, long Errors) Counts(TrackSnapshot snapshot) => (snapshot.Assigned, snapshot.Answered, snapshot.Errors);

    private sealed class Collectors(LoopbackServer gateway) : IDisposable
    {
        private static Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<T> For<T>(LoopbackServer gateway, string name)
            where T : struct => new(gateway.Service<GatewayMetrics>().Meter, name);

        public MetricCollector<double> Requests { get; } = For<double>(gateway, GatewayMetrics.RequestDuration);

        public MetricCollector<double> Backend { get; } = For<double>(gateway, GatewayMetrics.BackendDuration);

        public MetricCollector<long> Misses { get; } = For<long>(gateway, GatewayMetrics.CacheMisses);

        public MetricCollector<long> Retries { get; } = For<long>(gateway, GatewayMetrics.BackendRetries);

        public MetricCollector<long> Failovers { get; } = For<long>(gateway, GatewayMetrics.CanaryFailovers);

        public void Dispose()
        {
            Requests.Dispose();
            Backend.Dispose();
            Misses.Dispose();
            Retries.Dispose();
            Failovers.Dispose();
        }
    }
}
