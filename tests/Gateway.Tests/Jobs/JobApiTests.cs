using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Jobs;

public sealed class JobApiTests
{
    private const string OtherKey = "test-other-api-key-0123456789";

    [Fact]
    public async Task Job_RowsWithSomeBad_ResultsInInputOrder_EachEqualToPredictingItAlone_BadRowsFailAlone()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("Gateway:Jobs:BatchSize", "50"));
        var lines = Enumerable.Range(0, 1000).Select(ChurnSamples.InstanceLine).ToList();
        lines[10] = "not json";
        lines[500] = """{"tenure_months": "three"}""";
        lines[700] = "";

        var id = await JobCalls.StartAsync(gateway.Client, lines);
        var status = await JobCalls.FinishedAsync(gateway.Client, id);
        Assert.Equal("succeeded", (string?)status["state"]);
        Assert.Equal(1000, (int)status["rows"]!["total"]!);
        Assert.Equal(1000, (int)status["rows"]!["done"]!);
        Assert.Equal(3, (int)status["rows"]!["failed"]!);
        Assert.Equal("stable", (string?)status["track"]);
        Assert.Equal(["1.0.0"], status["model_versions"]!.AsArray().Select(v => (string)v!));

        var results = await JobCalls.ResultsAsync(gateway.Client, id);
        Assert.Equal(1000, results.Count);

        // The answers are what the published schemas say.
        var statusSchema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "jobs", "v1", "status.schema.json"));
        var resultSchema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "jobs", "v1", "result.schema.json"));
        Assert.Empty(statusSchema.Validate(status.ToJsonString()));
        Assert.All(results, r => Assert.Empty(resultSchema.Validate(r.ToJsonString())));
        var alone = new ConcurrentDictionary<int, JsonNode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000).Where(i => i is not (10 or 500 or 700)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            using var answer = await modelHost.Client.PostRawAsync("/v1/models/churn:predict", $$"""{"instances": [{{lines[i]}}]}""");
            alone[i] = (await answer.ReadObjectAsync())["predictions"]![0]!.DeepClone();
        });
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(i, (int)results[i]["row"]!);
            if (i is 10 or 500 or 700)
            {
                Assert.Equal(400, (int)results[i]["error"]!["status"]!);
                Assert.Null(results[i]["prediction"]);
            }
            else
            {
                Assert.True(JobCalls.SamePrediction(alone[i], results[i]["prediction"]), $"row {i}: {results[i]} against {alone[i]}");
                Assert.Equal("1.0.0", (string?)results[i]["model_version"]);
            }
        }
    }

    [Fact]
    public async Task Job_RowsAreLinesEndedByNewlineOnly_BareCarriageReturnAndBadUtf8FailTheirRowAlone()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress);
        var good = System.Text.Encoding.UTF8.GetBytes(ChurnSamples.InstanceLine(1));
        byte[] dataset =
        [
            .. good, (byte)'\r', .. good, (byte)'\n',                    // one row: two instances joined by a bare \r
            .. good, (byte)'\r', (byte)'\n',                              // a row ended by \r\n
            .. "{\"contract\": \""u8, 0xC3, 0x28, .. "\"}\n"u8,            // invalid UTF-8
            .. good,                                                      // the last row, without a newline
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/jobs") { Content = new ByteArrayContent(dataset) };
        request.Content.Headers.ContentType = new("application/x-ndjson");
        request.Headers.Add("X-Api-Key", GatewayServer.TrustedApiKey);
        using var submitted = await gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (string)(await submitted.ReadObjectAsync())["id"]!;

        var status = await JobCalls.FinishedAsync(gateway.Client, id);
        Assert.Equal(4, (int)status["rows"]!["total"]!);
        Assert.Equal(4, (int)status["rows"]!["done"]!);
        var results = await JobCalls.ResultsAsync(gateway.Client, id);
        Assert.Equal([400, 200, 400, 200], results.Select(r => r["error"] is { } e ? (int)e["status"]! : 200));
    }

    [Fact]
    public async Task Job_Callback_CalledSignedWhenItEnds_OnlyOnAllowedHosts()
    {
        const string Secret = "test-webhook-secret-0123456789abcdef";
        var received = new TaskCompletionSource<(string Body, string Signature)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await ScriptedBackend.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.TrySetResult((await reader.ReadToEndAsync(), context.Request.Headers["X-Signature-256"].ToString()));
        });
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("Gateway:Jobs:WebhookSecret", Secret), ("Gateway:Jobs:WebhookHosts:0", "127.0.0.1"));

        // The receiver answers "predictions" at its :predict path; any path of an allowed host will do.
        var callback = new Uri(receiver.BaseAddress, "v1/models/churn:predict");
        using (var refused = await JobCalls.SendAsync(gateway.Client, HttpMethod.Post, "/v1/models/churn/jobs?callback=" + Uri.EscapeDataString("https://internal.example/hook")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        }

        using (var refused = await JobCalls.SubmitAsync(gateway.Client, [ChurnSamples.InstanceLine(0)], query: "?callback=" + Uri.EscapeDataString("https://internal.example/hook")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var accepted = await JobCalls.SubmitAsync(gateway.Client, [ChurnSamples.InstanceLine(0), ChurnSamples.InstanceLine(1)], query: "?callback=" + Uri.EscapeDataString(callback.ToString()));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var (body, signature) = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("succeeded", (string?)JsonNode.Parse(body)!["state"]);
        Assert.Equal(Gateway.Jobs.JobWebhook.Sign(Secret, System.Text.Encoding.UTF8.GetBytes(body)), signature);
    }

    [Fact]
    public async Task Job_AnotherKeyOrNoKey_NotFound_AndCannotCancelIt()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("Gateway:Access:ApiKeys:other:Key", OtherKey));
        var id = await JobCalls.StartAsync(gateway.Client, Enumerable.Range(0, 20).Select(ChurnSamples.InstanceLine));
        foreach (var key in new[] { OtherKey, null })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, $"/v1/jobs/{id}"), (HttpMethod.Get, $"/v1/jobs/{id}/results"), (HttpMethod.Delete, $"/v1/jobs/{id}") })
            {
                using var response = await JobCalls.SendAsync(gateway.Client, method, path, key);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        using (var unknownKey = await JobCalls.SendAsync(gateway.Client, HttpMethod.Get, $"/v1/jobs/{id}", "not-a-key-0123456789abc"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknownKey.StatusCode);
        }

        Assert.Equal("succeeded", (string?)(await JobCalls.FinishedAsync(gateway.Client, id))["state"]);
    }

    [Fact]
    public async Task Submit_OverTheLimitsOrNotJsonLines_ClearErrorsAndNoJob()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("Gateway:Jobs:MaxRows", "5"), ("Gateway:Jobs:MaxDatasetBytes", "4096"));
        var rows = Enumerable.Range(0, 6).Select(ChurnSamples.InstanceLine).ToList();
        (HttpStatusCode Expected, Func<Task<HttpResponseMessage>> Send)[] cases =
        [
            (HttpStatusCode.RequestEntityTooLarge, () => JobCalls.SubmitAsync(gateway.Client, rows)),
            (HttpStatusCode.RequestEntityTooLarge, () => JobCalls.SubmitAsync(gateway.Client, [new string(' ', 5000)])),
            (HttpStatusCode.UnsupportedMediaType, () => JobCalls.SubmitAsync(gateway.Client, rows.Take(2), contentType: "application/json")),
            (HttpStatusCode.BadRequest, () => JobCalls.SubmitAsync(gateway.Client, [])),
            (HttpStatusCode.NotFound, () => JobCalls.SubmitAsync(gateway.Client, rows.Take(2), model: "nothing-here")),
        ];
        foreach (var (expected, send) in cases)
        {
            using var response = await send();
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var jobs = Path.GetDirectoryName(gateway.Service<Gateway.Jobs.JobFiles>().Folder("x"))!;
        Assert.False(Directory.Exists(jobs) && Directory.EnumerateFiles(jobs, "*", SearchOption.AllDirectories).Any(), "a refused dataset left files behind");
    }

    [Fact]
    public async Task Cancel_RunningJob_StopsWithinASecond_AndAFinishedOneIsAConflict()
    {
        var calls = 0;
        await using var slow = await ScriptedBackend.StartAsync(async context =>
        {
            Interlocked.Increment(ref calls);
            var body = (await context.Request.ReadFromJsonAsync<JsonObject>())!;
            await Task.Delay(100, context.RequestAborted);
            context.Response.Headers["X-Model-Version"] = "9.9.9";
            await Results.Json(new { predictions = body["instances"]!.AsArray().Select(_ => new { churn_probability = 0.5, churned = false }) }).ExecuteAsync(context);
        });
        await using var gateway = await GatewayServer.StartAsync(slow.BaseAddress, ("Gateway:Jobs:BatchSize", "10"), ("Gateway:Jobs:MaxActiveJobsPerCaller", "1"));
        var id = await JobCalls.StartAsync(gateway.Client, Enumerable.Range(0, 5000).Select(ChurnSamples.InstanceLine));
        await Readiness.UntilAsync(async () => (int)(await JobCalls.StatusAsync(gateway.Client, id))["rows"]!["done"]! > 0, TimeSpan.FromSeconds(30), "the job to run");

        // One job running is this caller's limit.
        using (var second = await JobCalls.SubmitAsync(gateway.Client, [ChurnSamples.InstanceLine(0)]))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        }

        using (var cancel = await JobCalls.SendAsync(gateway.Client, HttpMethod.Delete, $"/v1/jobs/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var callsAfterASecond = Volatile.Read(ref calls);
        var status = await JobCalls.StatusAsync(gateway.Client, id);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(callsAfterASecond, Volatile.Read(ref calls));
        Assert.Equal("cancelled", (string?)status["state"]);
        var done = (int)status["rows"]!["done"]!;
        Assert.InRange(done, 10, 4990);
        Assert.Equal(done, (await JobCalls.ResultsAsync(gateway.Client, id)).Count);

        using var again = await JobCalls.SendAsync(gateway.Client, HttpMethod.Delete, $"/v1/jobs/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
