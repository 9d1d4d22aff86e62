using ModelHost.Store;
using ModelHost.Tests.Infrastructure;

namespace ModelHost.Tests.Store;

public sealed class HttpModelStoreTests
{
    [Fact]
    public async Task List_ShippedIndex_ListsVersions()
    {
        await using var server = await StaticStoreServer.StartAsync(RepositoryPaths.Models);
        using var http = new HttpClient();
        var models = await new HttpModelStore(http, new Uri(server.Url), CacheFolder()).ListAsync(CancellationToken.None);
        Assert.Equal(["1.0.0", "1.1.0", "2.0.0-rc.1"], models["churn"]);
    }

    [Fact]
    public async Task Fetch_Twice_DownloadsOnceThenServesVerifiedCache()
    {
        await using var server = await StaticStoreServer.StartAsync(RepositoryPaths.Models);
        using var http = new HttpClient();
        var cache = CacheFolder();
        var store = new HttpModelStore(http, new Uri(server.Url), cache);
        var first = await store.FetchAsync("churn", "1.1.0", CancellationToken.None);
        var second = await store.FetchAsync("churn", "1.1.0", CancellationToken.None);
        Assert.Equal(1, server.WeightRequests);
        Assert.Equal(first.Weights, second.Weights);
        Assert.True(File.Exists(Path.Combine(cache, first.Manifest!.Sha256 + ".onnx")));
    }

    [Fact]
    public async Task Fetch_TamperedDownload_RefusedAndNotCached()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0");
        store.Tamper("churn", "1.0.0");
        await using var server = await StaticStoreServer.StartAsync(store.Path);
        using var http = new HttpClient();
        var cache = CacheFolder();
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new HttpModelStore(http, new Uri(server.Url), cache).FetchAsync("churn", "1.0.0", CancellationToken.None));
        Assert.Contains("sha256 mismatch", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFiles(cache).Any());
    }

    [Fact]
    public async Task Fetch_NoManifest_RefusedBecauseNothingToVerifyAgainst()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0", withManifest: false);
        await using var server = await StaticStoreServer.StartAsync(store.Path);
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new HttpModelStore(http, new Uri(server.Url), CacheFolder()).FetchAsync("churn", "1.0.0", CancellationToken.None));
        Assert.Contains("answered 404", error.Message, StringComparison.Ordinal);
    }

    private static string CacheFolder() => Path.Combine(Path.GetTempPath(), "modelhost-cache-test-" + Guid.NewGuid().ToString("N"));
}
