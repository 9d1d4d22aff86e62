using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ModelHost.Store;

namespace ModelHost.Tests.Store;

/// <summary>Everything the repository ships for the ModelHost is checked: the store, its index and the settings file.</summary>
public sealed class ShippedStoreTests
{
    [Fact]
    public async Task Index_ShippedStore_ListsExactlyTheVersionFolders()
    {
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Models, "index.json")))!["models"]!.AsObject();
        var folders = await new FolderModelStore(RepositoryPaths.Models).ListAsync(CancellationToken.None);
        Assert.Equal(folders.Keys.Order(), index.Select(m => m.Key).Order());
        foreach (var (model, versions) in folders)
        {
            Assert.Equal(versions.Order(StringComparer.Ordinal), index[model]!.AsArray().Select(v => (string)v!).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Manifests_EveryShippedVersion_VerifyAndCarryMetricsAndMapping()
    {
        var store = new FolderModelStore(RepositoryPaths.Models);
        foreach (var (model, versions) in await store.ListAsync(CancellationToken.None))
        {
            foreach (var version in versions)
            {
                var artifact = await store.FetchAsync(model, version, CancellationToken.None);
                Assert.NotNull(artifact.Manifest?.Sha256);
                Assert.NotEmpty(artifact.Manifest.Inputs);
                Assert.NotEmpty(artifact.Manifest.Outputs);
                Assert.NotNull(artifact.Manifest.Metrics?["accuracy"]);
                Assert.NotEmpty(artifact.Manifest.Changelog);
            }
        }
    }

    [Fact]
    public void AppSettings_Shipped_BindsToValidOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "ModelHost", "appsettings.json"))
            .Build();
        var options = configuration.GetSection("ModelHost").Get<ModelHostOptions>()!;
        Assert.True(new ModelHostOptionsValidator().Validate(null, options).Succeeded);
    }
}
