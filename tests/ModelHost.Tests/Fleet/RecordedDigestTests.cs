using System.Text.Json.Nodes;
using ControlPlane;
using ModelHost.Models;
using ModelHost.Store;

namespace ModelHost.Tests.Fleet;

/// <summary>A version set through the control plane carries the weights' digest; a store that swaps the weights under it, manifest and all, does not get them served.</summary>
public sealed class RecordedDigestTests
{
    [Fact]
    public async Task DesiredVersion_StoreSwappedItsWeights_NotLoaded_TheSameWeightsWithTheirOwnDigestAre()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0").Copy("churn", "1.1.0");
        var swapped = store.VersionFolder("churn", "1.1.0");
        var manifestPath = Path.Combine(swapped, "model.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        var recorded = (string)manifest["sha256"]!;
        // The compromise: 1.1.0's weights replaced (by 1.0.0's, a valid model), and the manifest's digest with them.
        File.Copy(Path.Combine(store.VersionFolder("churn", "1.0.0"), "model.onnx"), Path.Combine(swapped, "model.onnx"), overwrite: true);
        var swappedDigest = WeightsVerifier.Hash(await File.ReadAllBytesAsync(Path.Combine(swapped, "model.onnx")));
        manifest["sha256"] = swappedDigest;
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());

        var controlPlane = Directory.CreateTempSubdirectory("recorded-digest-").FullName;
        await using var host = await ModelHostServer.StartTrackedAsync(controlPlane, "stable", "1.0.0", store.Path);
        var registry = host.Service<ModelRegistry>();

        await DesireAsync(host, new DesiredVersion("1.1.0", recorded));
        await Readiness.UntilAsync(() => Task.FromResult(registry.States.Single().LastError is not null), TimeSpan.FromSeconds(30), "the load to be refused");
        var state = registry.States.Single();
        Assert.Equal("1.0.0", state.Serving);
        Assert.Contains($"recorded sha256 {recorded}", state.LastError, StringComparison.Ordinal);
        Assert.Contains(swappedDigest, state.LastError, StringComparison.Ordinal);

        // The same bytes, desired with the digest they have, load: the recorded digest is what decided.
        await DesireAsync(host, new DesiredVersion("1.1.0", swappedDigest));
        await Readiness.UntilAsync(() => Task.FromResult(registry.IsServing("churn", "1.1.0")), TimeSpan.FromSeconds(30), "1.1.0 to be served");
    }

    private static async Task DesireAsync(LoopbackServer host, DesiredVersion version)
    {
        var desired = host.Service<IDesiredState>();
        var current = await desired.ReadAsync(DesiredVersions.DocumentName);
        var document = DesiredVersions.Parse(current?.Content ?? "").With("churn", "stable", version);
        var written = await desired.CompareAndSetAsync(DesiredVersions.DocumentName, current?.Version ?? 0, document.Serialize(), """{"action":"set-version","actor":"test"}""");
        Assert.Equal(WriteOutcome.Written, written.Outcome);
    }
}
