using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Tests.Ingest;

public sealed class MirrorIngestTests
{
    // Mirror records as the gateway sends them, with the primary's real answers from a ModelHost serving churn 1.0.0.
    private static async Task<JsonObject> BatchAsync(LoopbackServer primary, int count, int skip = 0)
    {
        var records = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var input = ChurnSamples.PredictBody(skip + i, 1);
            using var answer = await primary.Client.PostRawAsync("/v1/models/churn:predict", input);
            records.Add(new JsonObject
            {
                ["model"] = "churn", ["api"] = "v1", ["request_id"] = $"req-{skip + i}", ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["input"] = JsonNode.Parse(input),
                ["primary"] = new JsonObject { ["version"] = "1.0.0", ["track"] = "stable", ["output"] = JsonNode.Parse(await answer.Content.ReadAsStringAsync()), ["latency_ms"] = 1.5 },
            });
        }

        return new JsonObject { ["records"] = records };
    }

    private static Task UntilComparedAsync(LoopbackServer compare) =>
        Readiness.UntilAsync(() => Task.FromResult(compare.Service<ComparisonStore>().PendingCount() == 0), TimeSpan.FromSeconds(60), "every pending record to be compared");

    [Fact]
    public async Task Mirror_RealShadowModelHost_ComparedAndReportedWithShadowHeader()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var shadow = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "2.0.0-rc.1"));
        await using var compare = await ShadowCompareServer.StartAsync(("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()));

        using var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 40));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await UntilComparedAsync(compare);

        var report = compare.Service<ReportService>().Build("churn")!;
        Assert.Equal("2.0.0-rc.1", report.Candidate);
        Assert.Equal(40, report.Counts.Compared);
        Assert.Equal(40, report.Samples);
        Assert.InRange(report.Agreement!.Value, 0.5, 1);
    }

    [Theory]
    [InlineData("POST", "/v1/mirror", """{"records": [], "dropped": {"churn": null}}""")]
    [InlineData("POST", "/v1/mirror", """{"records": [], "dropped": {"churn": {"queue_full": -5}}}""")]
    [InlineData("GET", "/v1/gate?model=churn&candidate=2.0.0&minScore=NaN", null)]
    [InlineData("GET", "/v1/gate?model=churn&candidate=2.0.0&minAgreement=Infinity", null)]
    public async Task BadNumbers_Return400_NotA500(string method, string path, string? body)
    {
        await using var compare = await ShadowCompareServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await compare.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, compare.Service<ComparisonStore>().Drops("churn").Values.Sum());
    }

    [Fact]
    public async Task Mirror_WithControl_ReportHasTheNoiseFloor_AndTheControlIsNoCandidate()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var shadow = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "2.0.0-rc.1"));
        await using var control = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()),
            ("ShadowCompare:Models:churn:Control:Url", control.BaseAddress.ToString()),
            ("ShadowCompare:Noise:MinimumRows", "30"));

        using var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 40));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await UntilComparedAsync(compare);

        var report = compare.Service<ReportService>().Build("churn")!;
        Assert.Equal("2.0.0-rc.1", report.Candidate);
        Assert.Equal(40, report.Counts.Compared);
        Assert.Equal(40, report.Noise!.Rows);
        Assert.Equal(1, report.Noise.Agreement);
        Assert.Equal(report.Agreement, report.Noise.AgreementAboveNoise);
        Assert.Contains(report.Noise.Fields, f => f.Field == "churn" && f.Noise == 0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-gateway-token-0123456789")]
    [InlineData(ShadowCompareServer.Token + "x")]
    public async Task Mirror_WithoutTheGatewaysToken_Refused401_NothingStored_GateUnmoved(string? token)
    {
        // A forged batch: made-up primary answers and latencies that would make any candidate look perfect.
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var compare = await ShadowCompareServer.StartAsync(("ShadowCompare:Models:churn:Shadows:next:Url", primary.BaseAddress.ToString()));
        var forged = await BatchAsync(primary, 30);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/mirror") { Content = JsonContent.Create(forged) };
        request.Headers.Authorization = token is null ? null : new("Bearer", token);
        compare.Client.DefaultRequestHeaders.Authorization = null;

        using var response = await compare.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, compare.Service<ComparisonStore>().PendingCount());
        Assert.Null(compare.Service<ReportService>().Build("churn"));
    }

    [Fact]
    public async Task Mirror_DeadAndSlowShadows_FailuresCountedByReasonAndCountsReconcile()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var slow = await SlowBackend.StartAsync(TimeSpan.FromSeconds(3));
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:dead:Url", "http://127.0.0.1:9/"),
            ("ShadowCompare:Models:churn:Shadows:dead:BreakSeconds", "0"),
            ("ShadowCompare:Models:churn:Shadows:slow:Url", slow.BaseAddress.ToString()),
            ("ShadowCompare:Models:churn:Shadows:slow:TimeoutMilliseconds", "300"),
            ("ShadowCompare:Models:churn:Shadows:slow:Concurrency", "16"),
            ("ShadowCompare:Models:churn:Shadows:slow:BreakSeconds", "0"));

        using var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 20));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await UntilComparedAsync(compare);

        var stored = compare.Service<ComparisonStore>().Read("churn");
        Assert.Equal(40, stored.Count);
        Assert.Equal(20, stored.Count(r => r.Shadow == "dead" && r.Reason == FailureReasons.Unreachable));
        Assert.Equal(20, stored.Count(r => r.Shadow == "slow" && r.Reason == FailureReasons.Timeout));
    }

    [Fact]
    public async Task Mirror_ShadowDown_LeftAloneWithRecordsCountedThenComparedWhenBack()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var down = true;
        var calls = 0;
        await using var shadow = await ScriptedBackend.StartAsync(async context =>
        {
            Interlocked.Increment(ref calls);
            if (Volatile.Read(ref down))
            {
                context.Abort(); // the connection closes without an answer: unreachable, as a dying process
                return;
            }

            using var body = new StreamReader(context.Request.Body);
            using var answer = await primary.Client.PostRawAsync("/v1/models/churn:predict", await body.ReadToEndAsync());
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(await answer.Content.ReadAsStringAsync());
        });
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Workers", "1"),
            ("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()),
            ("ShadowCompare:Models:churn:Shadows:next:BreakSeconds", "5"));
        var store = compare.Service<ComparisonStore>();

        // Down: the breaker opens on the eighth failure, and the other records are stored without a call.
        using (var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 30)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await UntilComparedAsync(compare);
        var stored = store.Read("churn");
        Assert.Equal(30, stored.Count);
        Assert.Equal(8, stored.Count(r => r.Reason == FailureReasons.Unreachable));
        Assert.Equal(22, stored.Count(r => r.Reason == FailureReasons.ShadowDown));
        Assert.Equal(8, Volatile.Read(ref calls));

        // Back: once the break is over, one call tries it again, and what follows is compared.
        Volatile.Write(ref down, false);
        var sent = 30;
        await Readiness.UntilAsync(async () =>
        {
            using var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 1, skip: sent++));
            await UntilComparedAsync(compare);
            return store.Read("churn").Any(r => r.Status == ComparisonStatus.Compared);
        }, TimeSpan.FromSeconds(30), "the shadow to be called again");
        using (var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 10, skip: sent)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await UntilComparedAsync(compare);
        Assert.Equal(10, store.Read("churn").Count(r => r.RequestId.StartsWith("req-", StringComparison.Ordinal)
            && int.Parse(r.RequestId[4..], System.Globalization.CultureInfo.InvariantCulture) >= sent && r.Status == ComparisonStatus.Compared));
    }

    [Fact]
    public async Task Mirror_ShadowGoneSlow_RecordsQueuedBehindItAreNotEachSentToTimeOut()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var slow = await SlowBackend.StartAsync(TimeSpan.FromSeconds(30));
        await using var compare = await ShadowCompareServer.StartAsync(
            ("ShadowCompare:Models:churn:Shadows:next:Url", slow.BaseAddress.ToString()),
            ("ShadowCompare:Models:churn:Shadows:next:Concurrency", "1"),
            ("ShadowCompare:Models:churn:Shadows:next:TimeoutMilliseconds", "300"));

        // Sixteen workers take records at once and queue behind the one call allowed: when the eighth timeout opens the
        // breaker, the records still queued are stored as shadow_down instead of each waiting out its own timeout.
        using (var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 30)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await UntilComparedAsync(compare);
        var stored = compare.Service<ComparisonStore>().Read("churn");
        Assert.Equal(8, stored.Count(r => r.Reason == FailureReasons.Timeout));
        Assert.Equal(22, stored.Count(r => r.Reason == FailureReasons.ShadowDown));
    }

    [Fact]
    public async Task Mirror_AcknowledgedThenStopped_NothingLostAfterRestart()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("durable-").FullName, "comparisons.db");
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var shadow = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        var batch = await BatchAsync(primary, 30);

        // A shadow that never answers in time keeps the records pending; the server is stopped with them in flight.
        await using (var slow = await SlowBackend.StartAsync(TimeSpan.FromMinutes(5)))
        {
            var first = await ShadowCompareServer.StartAsync(store,
                ("ShadowCompare:Models:churn:Shadows:next:Url", slow.BaseAddress.ToString()),
                ("ShadowCompare:Models:churn:Shadows:next:TimeoutMilliseconds", "600000"));
            using var response = await first.Client.PostAsJsonAsync("/v1/mirror", batch);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await first.DisposeAsync();
        }

        await using var second = await ShadowCompareServer.StartAsync(store, ("ShadowCompare:Models:churn:Shadows:next:Url", shadow.BaseAddress.ToString()));
        await UntilComparedAsync(second);
        var stored = second.Service<ComparisonStore>().Read("churn");
        Assert.Equal(30, stored.Count(r => r.Status == ComparisonStatus.Compared));
        Assert.Equal(30, stored.Select(r => r.RequestId).Distinct().Count());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"records":[{"model":"churn"}]}""")]
    [InlineData("""{"nothing":1}""")]
    [InlineData("""[1,2]""")]
    public async Task Mirror_BadBatch_400AndNothingStored(string body)
    {
        await using var compare = await ShadowCompareServer.StartAsync();
        using var response = await compare.Client.PostRawAsync("/v1/mirror", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, compare.Service<ComparisonStore>().PendingCount());
    }

    [Fact]
    public async Task Mirror_BacklogFull_503AndNothingTaken()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var compare = await ShadowCompareServer.StartAsync(("ShadowCompare:MaxPending", "5"));
        using var response = await compare.Client.PostAsJsonAsync("/v1/mirror", await BatchAsync(primary, 6));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, compare.Service<ComparisonStore>().PendingCount());
    }

    [Fact]
    public async Task Mirror_BatchIdsAndUnconfirmedBatches_EveryRecordCountedOnce()
    {
        await using var primary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var compare = await ShadowCompareServer.StartAsync();
        var stored = await BatchAsync(primary, 5);
        stored["batch_id"] = "stored-batch";
        var lost = await BatchAsync(primary, 7, skip: 5);
        lost["batch_id"] = "lost-batch";

        // The same batch twice (a post that timed out but had got through) is stored once.
        for (var i = 0; i < 2; i++)
        {
            using var response = await compare.Client.PostAsJsonAsync("/v1/mirror", stored);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // The gateway reports both as unconfirmed: only the one never stored counts as dropped...
        var report = new JsonObject
        {
            ["records"] = new JsonArray(),
            ["unconfirmed"] = new JsonArray(
                new JsonObject { ["batch_id"] = "stored-batch", ["reason"] = "send_timeout", ["counts"] = new JsonObject { ["churn"] = 5 } },
                new JsonObject { ["batch_id"] = "lost-batch", ["reason"] = "send_timeout", ["counts"] = new JsonObject { ["churn"] = 7 } }),
        };
        using (var response = await compare.Client.PostAsJsonAsync("/v1/mirror", report))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // ...and should it arrive after all, it is not stored as well.
        using (var late = await compare.Client.PostAsJsonAsync("/v1/mirror", lost))
        {
            Assert.Equal(0, (int)(await late.ReadObjectAsync())["accepted"]!);
        }

        var store = compare.Service<ComparisonStore>();
        await UntilComparedAsync(compare);
        Assert.Equal(5, store.Read("churn").Count);
        Assert.Equal(7, store.Drops("churn")["send_timeout"]);
    }

    [Fact]
    public async Task Mirror_OversizedChunkedBody_413ProblemAndStillServing()
    {
        await using var compare = await ShadowCompareServer.StartAsync();
        var body = new byte[31_000_000];
        Array.Fill(body, (byte)' ');
        "{\"records\":["u8.CopyTo(body);
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/mirror") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await compare.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var health = await compare.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, compare.Service<ComparisonStore>().PendingCount());
    }
}
