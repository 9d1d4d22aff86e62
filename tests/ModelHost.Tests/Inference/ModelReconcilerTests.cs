using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ModelHost.Models;
using ModelHost.Tests.Infrastructure;

namespace ModelHost.Tests.Inference;

public sealed class ModelReconcilerTests
{
    [Fact]
    public async Task Ready_WhileWeightsDownload_Returns503ThenReadyOnceWarm()
    {
        await using var store = await StaticStoreServer.StartAsync(RepositoryPaths.Models, holdWeights: true);
        await using var host = await ModelHostServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["ModelHost:Store"] = store.Url,
                ["ModelHost:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "mh-cache-" + Guid.NewGuid().ToString("N")),
                ["ModelHost:Models:churn"] = "1.0.0",
            },
            waitUntilReady: false);

        using (var ready = await host.Client.GetAsync("/v2/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        using (var early = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
            Assert.True(early.Headers.Contains("Retry-After"));
        }

        store.ReleaseWeights();
        await host.WaitUntilReadyAsync(ModelHostServer.ReadyPath);
        using var answer = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Reconfigure_VersionUnderConcurrentLoad_SwapsWithZeroFailedRequests()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var old = host.Service<ModelRegistry>().Serving.Single();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var versions = new ConcurrentBag<string>();
        var newVersionAnswers = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task CallerAsync(int caller)
        {
            // Each caller keeps calling until the new version has answered 200 times, so the swap happens mid-stream.
            while (Volatile.Read(ref newVersionAnswers) < 200 && !stop.IsCancellationRequested)
            {
                using var response = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(caller * 3, 3));
                statuses.Add(response.StatusCode);
                var version = response.Headers.GetValues("X-Model-Version").Single();
                versions.Add(version);
                if (version == "1.1.0")
                {
                    Interlocked.Increment(ref newVersionAnswers);
                }
            }
        }

        var callers = Enumerable.Range(0, 8).Select(CallerAsync).ToArray();
        while (statuses.Count < 100)
        {
            await Task.Delay(5);
        }

        host.Reconfigure("ModelHost:Models:churn", "1.1.0");
        await Task.WhenAll(callers);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains("1.0.0", versions);
        Assert.Contains("1.1.0", versions);
        await old.Drained.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Reconfigure_ToTamperedVersion_RefusedAndOldKeepsServing()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0").Copy("churn", "1.1.0");
        store.Tamper("churn", "1.1.0");
        await using var host = await ModelHostServer.StartAsync(store.Path, ("ModelHost:Models:churn", "1.0.0"));

        host.Reconfigure("ModelHost:Models:churn", "1.1.0");
        var churn = await WaitForStateAsync(host, s => s["reason"] is not null);

        Assert.Contains("sha256 mismatch", (string)churn["reason"]!, StringComparison.Ordinal);
        Assert.Equal("1.0.0", (string)churn["version"]!);
        using var response = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.0.0", response.Headers.GetValues("X-Model-Version").Single());
        using var ready = await host.Client.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Start_ConfiguredVersionUnloadable_NotReadyAndSaysWhy()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0");
        store.Tamper("churn", "1.0.0");
        await using var host = await ModelHostServer.StartAsync(
            new Dictionary<string, string?> { ["ModelHost:Store"] = store.Path, ["ModelHost:Models:churn"] = "1.0.0" },
            waitUntilReady: false);

        var churn = await WaitForStateAsync(host, s => s["reason"] is not null);
        Assert.Equal("UNAVAILABLE", (string)churn["state"]!);
        using var ready = await host.Client.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var infer = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, infer.StatusCode);
        Assert.Contains("sha256 mismatch", (string)(await infer.ReadObjectAsync())["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_FolderWithOnlyModelOnnx_ServedOverProtocolAtFolderVersion()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0", withManifest: false);
        Directory.Move(store.VersionFolder("churn", "1.0.0"), store.VersionFolder("churn", "3.1.4"));
        await using var host = await ModelHostServer.StartAsync(store.Path);

        using var infer = await host.Client.PostRawAsync("/v2/models/churn/infer", ChurnSamples.InferBody(0, 2));
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        Assert.Equal("3.1.4", (string)(await infer.ReadObjectAsync())["model_version"]!);
        using var predict = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.BadRequest, predict.StatusCode);
        Assert.Contains("no feature mapping", (string)(await predict.ReadObjectAsync())["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoModelsSection_ServesHighestStableVersion()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models);
        var churn = (await (await host.Client.GetAsync("/v2/models")).ReadObjectAsync())["models"]![0]!;
        Assert.Equal("1.1.0", (string)churn["version"]!);
        Assert.Equal("latest", (string)churn["requested"]!);
    }

    [Fact]
    public async Task Reconfigure_ModelRemoved_StopsServingIt()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        var old = host.Service<ModelRegistry>().Serving.Single();
        // Another model stays configured: with no Models section at all, the host would serve the whole store.
        host.Reconfigure("ModelHost:Models:other", "1.0.0");
        host.Reconfigure("ModelHost:Models:churn", null);
        await old.Drained.WaitAsync(TimeSpan.FromSeconds(10));
        using var response = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Reconfigure_InvalidSettings_KeepsServingLastGood()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        host.Reconfigure("ModelHost:Models:churn", "not-a-version");
        host.Reconfigure("ModelHost:IntraOpThreads", "0");

        using var response = await host.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.0.0", response.Headers.GetValues("X-Model-Version").Single());
    }

    [Fact]
    public async Task Start_InvalidSettings_FailsNamingEveryKey()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => ModelHostServer.StartAsync(
            RepositoryPaths.Models, ("ModelHost:Models:churn", "v1"), ("ModelHost:Batching:MaxBatchSize", "0")));
        Assert.Contains("ModelHost:Models:churn", error.Message, StringComparison.Ordinal);
        Assert.Contains("ModelHost:Batching:MaxBatchSize", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> WaitForStateAsync(LoopbackServer host, Func<JsonNode, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var models = (await (await host.Client.GetAsync("/v2/models", timeout.Token)).ReadObjectAsync())["models"]!.AsArray();
            var churn = models.FirstOrDefault(m => (string)m!["name"]! == "churn");
            if (churn is not null && condition(churn))
            {
                return churn;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
