using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Catalog;

/// <summary>
/// The catalog follows the configuration while the gateway runs: a model added to <c>Gateway:Models</c> (with its
/// cluster and schemas) is served within seconds, one removed stops being served, and a change whose schemas do not
/// load changes nothing.
/// </summary>
public sealed class CatalogReloadTests : IAsyncLifetime
{
    private readonly string _schemas = Directory.CreateTempSubdirectory("gateway-schemas-").FullName;
    private readonly TemporaryStore _store = new();
    private LoopbackServer _modelHost = null!;
    private LoopbackServer _churn = null!;
    private LoopbackServer _gateway = null!;

    public async Task InitializeAsync()
    {
        // "attrition" is churn 1.1.0 under another name, with churn's schemas as its own.
        CopyFolder(Path.Combine(RepositoryPaths.Root, "schemas"), _schemas);
        CopyFolder(Path.Combine(_schemas, "churn", "v1"), Path.Combine(_schemas, "attrition", "v1"));
        _store.Copy("churn", "1.1.0");
        Directory.Move(Path.Combine(_store.Path, "churn"), Path.Combine(_store.Path, "attrition"));
        var manifest = Path.Combine(_store.VersionFolder("attrition", "1.1.0"), "model.json");
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["name"] = "attrition";
        File.WriteAllText(manifest, json.ToJsonString());

        _modelHost = await ModelHostServer.StartAsync(_store.Path, ("ModelHost:Models:attrition", "1.1.0"));
        _churn = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        _gateway = await GatewayServer.StartAsync(_churn.BaseAddress, ("Gateway:SchemaDirectory", _schemas));
        await _gateway.WaitUntilReadyAsync("/readyz");
    }

    [Fact]
    public async Task AddedModel_ServedWithoutRestart_RemovedModel_NotServed()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await PredictAsync("attrition")).StatusCode);

        _gateway.Reconfigure("ReverseProxy:Clusters:attrition-stable:Destinations:modelhost-1:Address", _modelHost.BaseAddress.ToString());
        _gateway.Reconfigure("Gateway:Models:attrition:StableCluster", "attrition-stable");

        await Readiness.UntilAsync(async () => (await PredictAsync("attrition")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "the added model to be served");
        using (var infer = await _gateway.Client.PostRawAsync("/v2/models/attrition/infer", ChurnSamples.InferBody(0, 1)))
        {
            Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
            Assert.Equal("attrition", (string)(await OipAnswer.ReadAsync(infer, "response"))["model_name"]!);
        }

        var catalog = await (await _gateway.Client.GetAsync("/v1/models")).ReadObjectAsync();
        Assert.Contains(catalog["models"]!.AsArray(), m => (string)m!["name"]! == "attrition");
        Assert.Contains("/v1/models/attrition:predict", await _gateway.Client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync("churn")).StatusCode);

        _gateway.Reconfigure("Gateway:Models:attrition:StableCluster", null);
        await Readiness.UntilAsync(async () => (await PredictAsync("attrition")).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(10), "the removed model to stop being served");
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync("churn")).StatusCode);
    }

    [Fact]
    public async Task AddedModelWithoutSchemas_ChangesNothing()
    {
        _gateway.Reconfigure("ReverseProxy:Clusters:ghost-stable:Destinations:modelhost-1:Address", _modelHost.BaseAddress.ToString());
        _gateway.Reconfigure("Gateway:Models:ghost:StableCluster", "ghost-stable");

        // The refusal is synchronous with the reload: nothing to wait for.
        using var ghost = await PredictAsync("ghost");
        Assert.Equal(HttpStatusCode.NotFound, ghost.StatusCode);
        await Problem.ReadAsync(ghost);
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync("churn")).StatusCode);
        var catalog = await (await _gateway.Client.GetAsync("/v1/models")).ReadObjectAsync();
        Assert.DoesNotContain(catalog["models"]!.AsArray(), m => (string)m!["name"]! == "ghost");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _churn.DisposeAsync();
        await _modelHost.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_schemas, recursive: true);
    }

    private Task<HttpResponseMessage> PredictAsync(string model) =>
        _gateway.Client.PostRawAsync($"/v1/models/{model}:predict", ChurnSamples.PredictBody(5, 1));

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
