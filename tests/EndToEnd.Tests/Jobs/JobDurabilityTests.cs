using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EndToEnd.Tests.Jobs;

/// <summary>Batch jobs across a crash and across replicas: every row answered once, in order, whichever process does the work.</summary>
public sealed class JobDurabilityTests
{
    private const string ApiKey = "e2e-jobs-api-key-4c1f9a7b22";
    private const int Rows = 10_000;

    [Fact]
    public async Task Job_GatewayKilledMidJob_RestartedOneFinishesIt_EveryRowOnceInOrder_EqualToPredictAlone()
    {
        await using var modelHost = await ServiceProcess.StartAsync("ModelHost", $"--ModelHost:Store={RepositoryPaths.Models}", "--ModelHost:Models:churn=1.0.0",
            $"--ModelHost:PinsFile={Path.Combine(Directory.CreateTempSubdirectory("jobs-e2e-pins-").FullName, "pins.json")}");
        await modelHost.WaitUntilReadyAsync("/v2/health/ready");
        var state = Directory.CreateTempSubdirectory("jobs-e2e-").FullName;
        File.Copy(Path.Combine(RepositoryPaths.Root, "src", "Gateway", "flags.json"), Path.Combine(state, "flags.json"));
        string[] arguments =
        [
            $"--Gateway:SchemaDirectory={Path.Combine(RepositoryPaths.Root, "schemas")}", "--Gateway:AdminUrls=http://127.0.0.1:0",
            $"--Gateway:Canary:FlagsFile={Path.Combine(state, "flags.json")}", $"--ControlPlane:Directory={state}",
            $"--Gateway:Jobs:Directory={Path.Combine(state, "jobs")}", "--Gateway:Jobs:BatchSize=5",
            $"--Gateway:Access:ApiKeys:team:Key={ApiKey}", "--Gateway:Models:churn:CanaryCluster=",
            $"--ReverseProxy:Clusters:churn-stable:Destinations:modelhost-stable-1:Address={modelHost.Address}",
        ];
        var lines = Enumerable.Range(0, Rows).Select(ChurnSamples.InstanceLine).ToList();

        string id;
        int doneAtKill;
        await using (var first = await ServiceProcess.StartAsync("Gateway", arguments))
        {
            await first.WaitUntilReadyAsync("/readyz");
            id = await JobCalls.StartAsync(first.Client, lines, ApiKey);
            JsonObject status = [];
            await Readiness.UntilAsync(async () =>
            {
                status = await JobCalls.StatusAsync(first.Client, id, ApiKey);
                return (int)status["rows"]!["done"]! >= 500;
            }, TimeSpan.FromSeconds(60), "the job to be under way");
            doneAtKill = (int)status["rows"]!["done"]!;
        }

        // Killed (the whole process, at once) mid-job; a new process on the same control plane and folder takes it up.
        Assert.True(doneAtKill < Rows, $"the job had finished ({doneAtKill} rows) before the gateway was killed");
        await using var second = await ServiceProcess.StartAsync("Gateway", arguments);
        await second.WaitUntilReadyAsync("/readyz");
        var finished = await JobCalls.FinishedAsync(second.Client, id, TimeSpan.FromSeconds(120), ApiKey);
        Assert.Equal("succeeded", (string?)finished["state"]);
        Assert.Equal(Rows, (int)finished["rows"]!["done"]!);
        Assert.Equal(0, (int)finished["rows"]!["failed"]!);
        Assert.Contains(second.Output, l => l.Contains($"Job {id} (churn) taken up by this replica at row ", StringComparison.Ordinal) && !l.Contains(" at row 0 ", StringComparison.Ordinal));

        var results = await JobCalls.ResultsAsync(second.Client, id, ApiKey);
        Assert.Equal(Rows, results.Count);
        Assert.Equal(Enumerable.Range(0, Rows), results.Select(r => (int)r["row"]!));
        var mismatches = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Rows), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var alone = await modelHost.Client.PostRawAsync("/v1/models/churn:predict", $$"""{"instances": [{{lines[i]}}]}""");
            if (!JobCalls.SamePrediction((await alone.ReadObjectAsync())["predictions"]![0], results[i]["prediction"]))
            {
                mismatches.Add(i);
            }
        });
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Job_ThreeReplicas_StatusFromAny_EveryRowSentToTheModelOnce()
    {
        var instances = 0;
        await using var backend = await ScriptedBackend.StartAsync(async context =>
        {
            var body = (await context.Request.ReadFromJsonAsync<JsonObject>())!;
            var count = body["instances"]!.AsArray().Count;
            Interlocked.Add(ref instances, count);
            context.Response.Headers["X-Model-Version"] = "9.9.9";
            await Results.Json(new { predictions = Enumerable.Range(0, count).Select(i => new { churn = false, probability = 0.25, score = -1.0 }) }).ExecuteAsync(context);
        });
        var shared = Directory.CreateTempSubdirectory("jobs-fleet-").FullName;
        await using var fleet = await GatewayFleet.StartAsync(3, backend.BaseAddress, null, 0, ("Gateway:Jobs:Directory", shared), ("Gateway:Jobs:BatchSize", "10"));
        var id = await JobCalls.StartAsync(fleet.Replicas[0]!.Client, Enumerable.Range(0, 3000).Select(ChurnSamples.InstanceLine));

        foreach (var replica in fleet.Running)
        {
            Assert.Equal(3000, (int)(await JobCalls.StatusAsync(replica.Client, id))["rows"]!["total"]!);
        }

        var status = await JobCalls.FinishedAsync(fleet.Replicas[2]!.Client, id);
        Assert.Equal("succeeded", (string?)status["state"]);
        Assert.Equal(["9.9.9"], status["model_versions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(3000, Volatile.Read(ref instances));
        var results = await JobCalls.ResultsAsync(fleet.Replicas[1]!.Client, id);
        Assert.Equal(Enumerable.Range(0, 3000), results.Select(r => (int)r["row"]!));
        using var other = await JobCalls.SendAsync(fleet.Replicas[1]!.Client, HttpMethod.Get, $"/v1/jobs/{id}", apiKey: null);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }
}
