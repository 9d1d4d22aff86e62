using ModelHost.Store;

namespace ModelHost.Tests.Store;

public sealed class FolderModelStoreTests
{
    [Fact]
    public async Task List_ShippedStore_FindsEveryChurnVersion()
    {
        var models = await new FolderModelStore(RepositoryPaths.Models).ListAsync(CancellationToken.None);
        Assert.Equal(["1.0.0", "1.1.0", "2.0.0-rc.1"], models["churn"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fetch_ShippedVersion_VerifiesAndReturnsManifest()
    {
        var artifact = await new FolderModelStore(RepositoryPaths.Models).FetchAsync("churn", "1.0.0", CancellationToken.None);
        Assert.Equal(WeightsVerifier.Hash(artifact.Weights), artifact.Manifest!.Sha256);
        Assert.Equal(8, artifact.Manifest.Inputs.Count);
    }

    [Fact]
    public async Task Fetch_TamperedWeights_RefusedNamingModelVersionAndCause()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0");
        store.Tamper("churn", "1.0.0");
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new FolderModelStore(store.Path).FetchAsync("churn", "1.0.0", CancellationToken.None));
        Assert.Contains("model 'churn' version '1.0.0'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sha256 mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_MissingWeights_RefusedNamingTheFile()
    {
        using var store = new TemporaryStore();
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new FolderModelStore(store.Path).FetchAsync("churn", "9.0.0", CancellationToken.None));
        Assert.Contains("model.onnx does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ManifestForAnotherVersion_Refused()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0");
        Directory.Move(store.VersionFolder("churn", "1.0.0"), store.VersionFolder("churn", "1.0.1"));
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => new FolderModelStore(store.Path).FetchAsync("churn", "1.0.1", CancellationToken.None));
        Assert.Contains("names version '1.0.0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FolderWithoutWeightsOrWithBadVersion_IsLeftOut()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0");
        Directory.CreateDirectory(store.VersionFolder("churn", "1.1.0"));
        Directory.CreateDirectory(store.VersionFolder("churn", "not-a-version"));
        File.Copy(Path.Combine(store.VersionFolder("churn", "1.0.0"), "model.onnx"), Path.Combine(store.VersionFolder("churn", "not-a-version"), "model.onnx"));
        var models = await new FolderModelStore(store.Path).ListAsync(CancellationToken.None);
        Assert.Equal(["1.0.0"], models["churn"]);
    }
}
