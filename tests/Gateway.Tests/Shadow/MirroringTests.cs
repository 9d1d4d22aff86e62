using System.Diagnostics;
using System.Net;
using Gateway.Shadow;
using Gateway.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace Gateway.Tests.Shadow;

public sealed class MirroringTests
{
    private static async Task<(HttpStatusCode Status, string Body)> PredictAsync(LoopbackServer gateway, int row)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(row % 2000, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.CacheControl = new() { NoCache = true, NoStore = true };
        using var response = await gateway.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Not a timing: a slow shadow holds every call until released, so callers that all have their answers while it
    // has answered none were not kept waiting for it. A dead one refuses at once; its answers must be unchanged too.
    [Theory]
    [InlineData("slow")]
    [InlineData("dead")]
    public async Task Predict_ShadowSlowOrDead_PrimaryAnswersUnchangedAndUndelayed(string kind)
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var slow = await SlowBackend.StartAsync(TimeSpan.FromMinutes(10));
        var shadowUrl = kind == "slow" ? slow.BaseAddress.ToString() : "http://127.0.0.1:9/";
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:next:Url", shadowUrl), ("ShadowCompare:Models:churn:Shadows:next:TimeoutMilliseconds", "600000"),
            ("ShadowCompare:Models:churn:Shadows:next:Concurrency", "64"), ("ShadowCompare:Workers", "64"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, null, GatewayServer.FlagsJson(0, shadowSample: 100),
            ("Gateway:Shadow:CompareUrl", compare.BaseAddress.ToString()));

        var calls = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var viaGateway = await PredictAsync(gateway, i);
                using var direct = await stable.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(i, 1));
                Assert.Equal(HttpStatusCode.OK, viaGateway.Status);
                Assert.Equal(await direct.Content.ReadAsStringAsync(), viaGateway.Body);
            }
        });
        await calls.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(0, slow.Answered);
        slow.Release();
        await Readiness.UntilAsync(() => Task.FromResult(compare.Service<ComparisonStore>().Read("churn").Count == 40), TimeSpan.FromSeconds(60), "every call to be mirrored and judged");
    }

    [Fact]
    public async Task Predict_LoadWithTinyQueue_MirroredEqualsComparedPlusDroppedPlusFailed()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var shadow = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var compare = await ShadowCompareServer.StartAsync(("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, null, GatewayServer.FlagsJson(0, shadowSample: 100),
            ("Gateway:Shadow:CompareUrl", compare.BaseAddress.ToString()),
            ("Gateway:Shadow:QueueCapacity", "8"),
            ("Gateway:Shadow:BatchSize", "4"));
        using var mirrored = new MetricCollector<long>(gateway.Service<GatewayMetrics>().Meter, GatewayMetrics.ShadowMirrored);
        using var dropped = new MetricCollector<long>(gateway.Service<GatewayMetrics>().Meter, GatewayMetrics.ShadowDropped);

        const int Calls = 600;
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int row;
            while ((row = Interlocked.Increment(ref next)) <= Calls)
            {
                Assert.Equal(HttpStatusCode.OK, (await PredictAsync(gateway, row)).Status);
            }
        })));

        // One report is both the wait's condition and what is checked: the store's in-memory pending count moves just
        // after its transaction commits, so it can read 0 while a report already counts a stored record as pending.
        var reports = compare.Service<ReportService>();
        ReportCounts? counts = null;
        await Readiness.UntilAsync(() => Task.FromResult((counts = reports.Build("churn")?.Counts) is { Pending: 0 } && counts.Mirrored == Calls),
            TimeSpan.FromSeconds(60), "every sampled call to be compared or reported dropped");

        Assert.Equal(Calls, counts!.Compared + counts.Dropped.Values.Sum() + counts.Failed.Values.Sum());
        Assert.True(counts.Dropped.GetValueOrDefault(DropReasons.QueueFull) > 0, "the tiny queue should have overflowed");
        Assert.Equal(Calls, mirrored.GetMeasurementSnapshot().Sum(m => m.Value) + dropped.GetMeasurementSnapshot().Where(m => (string?)m.Tags["reason"] == DropReasons.QueueFull).Sum(m => m.Value));
    }

    [Fact]
    public async Task Predict_ShadowCompareDown_CallsSucceedAndDropsCounted()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, null, GatewayServer.FlagsJson(0, shadowSample: 100),
            ("Gateway:Shadow:CompareUrl", "http://127.0.0.1:9/"));
        using var dropped = new MetricCollector<long>(gateway.Service<GatewayMetrics>().Meter, GatewayMetrics.ShadowDropped);

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PredictAsync(gateway, i)).Status);
        }

        await Readiness.UntilAsync(() => Task.FromResult(dropped.GetMeasurementSnapshot().Sum(m => m.Value) >= 30), TimeSpan.FromSeconds(30), "the undeliverable records to be counted");
        Assert.All(dropped.GetMeasurementSnapshot(), m => Assert.Equal(DropReasons.SendFailed, m.Tags["reason"]));
    }

    [Fact]
    public async Task Predict_Mirrored_ComparisonSpanLinksToTheRequestsTrace()
    {
        using var recorder = new SpanRecorder("ShadowCompare");
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var shadow = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var compare = await ShadowCompareServer.StartAsync(("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, null, GatewayServer.FlagsJson(0, shadowSample: 100),
            ("Gateway:Shadow:CompareUrl", compare.BaseAddress.ToString()));

        var traceId = ActivityTraceId.CreateRandom();
        using var client = SpanRecorder.ClientWithoutPropagation(gateway.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(7, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Activity? comparison = null;
        await Readiness.UntilAsync(() => Task.FromResult((comparison = recorder.Spans.FirstOrDefault(s => s.DisplayName == "compare churn")) is not null),
            TimeSpan.FromSeconds(30), "the mirrored request to be compared");
        Assert.NotEqual(traceId, comparison!.TraceId);
        Assert.Contains(comparison.Links, l => l.Context.TraceId == traceId);
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), comparison.GetTagItem("request_id"));
    }
}
