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
        var models = await new HttpModelStore(http, new Uri(server.Url), CacheFolder(), Unlimited).ListAsync(CancellationToken.None);
        Assert.Equal(["1.0.0", "1.1.0", "2.0.0-rc.1"], models["churn"]);
    }

    [Fact]
    public async Task Fetch_Twice_DownloadsOnceThenServesVerifiedCache()
    {
        await using var server = await StaticStoreServer.StartAsync(RepositoryPaths.Models);
        using var http = new HttpClient();
        var cache = CacheFolder();
        var store = new HttpModelStore(http, new Uri(server.Url), cache, Unlimited);
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
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new HttpModelStore(http, new Uri(server.Url), cache, Unlimited).FetchAsync("churn", "1.0.0", CancellationToken.None));
        Assert.Contains("sha256 mismatch", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFiles(cache).Any());
    }

    [Fact]
    public async Task Fetch_NoManifest_RefusedBecauseNothingToVerifyAgainst()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0", withManifest: false);
        await using var server = await StaticStoreServer.StartAsync(store.Path);
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new HttpModelStore(http, new Uri(server.Url), CacheFolder(), Unlimited).FetchAsync("churn", "1.0.0", CancellationToken.None));
        Assert.Contains("answered 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_WeightsOverTheSizeCap_RefusedAndNothingWritten()
    {
        await using var server = await StaticStoreServer.StartAsync(RepositoryPaths.Models);
        using var http = new HttpClient();
        var cache = CacheFolder();
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new HttpModelStore(http, new Uri(server.Url), cache, 1024).FetchAsync("churn", "1.0.0", CancellationToken.None));
        Assert.Contains("over the limit of 1024", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.WeightRequests);
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFiles(cache).Any());
    }

    [Theory]
    [InlineData("https://models.example.com/store/", false, true)]
    [InlineData("http://127.0.0.1:8000/", false, true)]
    [InlineData("http://localhost:8000/", false, true)]
    [InlineData("http://models.example.com/store/", false, false)]
    [InlineData("http://10.0.0.5/", false, false)]
    [InlineData("http://models.example.com/store/", true, true)]
    public void Options_PlainHttpStore_OnlyOnLoopbackOrWithTheOptIn(string store, bool optIn, bool valid)
    {
        var result = new ModelHostOptionsValidator().Validate(null, new ModelHostOptions { Store = store, AllowInsecureStore = optIn });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("AllowInsecureStore", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private const long Unlimited = 1L << 30;

    private static string CacheFolder() => Path.Combine(Path.GetTempPath(), "modelhost-cache-test-" + Guid.NewGuid().ToString("N"));
}
