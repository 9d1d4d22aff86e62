using System.Net;
using Gateway.Audit;
using Gateway.Flags;

namespace Gateway.Tests.Admin;

/// <summary>Promotion through the control plane (a local one, a folder the gateway and its ModelHosts share): desired version, hot swap on every stable host, canary to 0 %.</summary>
public sealed class PromotionTests
{
    [Fact]
    public async Task Promote_CanaryVersion_EveryStableHostSwapsHotCanaryToZeroAndAudited()
    {
        var controlPlane = Directory.CreateTempSubdirectory("promotion-").FullName;
        await using var stable = await ModelHostServer.StartTrackedAsync(controlPlane, "stable", "1.0.0");
        await using var stable2 = await ModelHostServer.StartTrackedAsync(controlPlane, "stable", "1.0.0");
        await using var canary = await ModelHostServer.StartTrackedAsync(controlPlane, "canary", "1.1.0");
        await using var gateway = await StartGatewayAsync(controlPlane, stable, canary);

        using var response = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { reason = "shadow report green" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.ReadObjectAsync();
        Assert.Equal(AuditActions.Promote, (string?)record["action"]);
        Assert.Equal("1.0.0", (string?)record["promoted"]!["from"]);
        Assert.Equal("1.1.0", (string?)record["promoted"]!["to"]);

        foreach (var host in new[] { stable, stable2 })
        {
            using var metadata = await host.Client.GetAsync("/v2/models/churn");
            Assert.Equal("1.1.0", (string?)(await metadata.ReadObjectAsync())["versions"]![0]);
        }

        var status = await gateway.Admin().ModelStatusAsync();
        Assert.Equal(0, (double)status["canary"]!["configured_percent"]!);
        Assert.Equal("1.1.0", (string?)status["tracks"]!["stable"]!["model_version"]);
        Assert.Equal("shadow report green", (string?)status["last_promotion"]!["reason"]);
        Assert.All(status["tracks"]!["stable"]!["instances"]!.AsArray(), i => Assert.Equal("1.1.0", (string?)i!["model_version"]));

        using var predict = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(9, 1));
        Assert.Equal("1.1.0", predict.Headers.GetValues("X-Model-Version").Single());

        // One call undoes it: stable goes back to the version the promotion replaced.
        using var undo = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/rollback-promotion", new { reason = "error budget" });
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal("1.0.0", (string?)(await undo.ReadObjectAsync())["version"]);
        using var after = await stable2.Client.GetAsync("/v2/models/churn");
        Assert.Equal("1.0.0", (string?)(await after.ReadObjectAsync())["versions"]![0]);
    }

    [Fact]
    public async Task Promote_AStableHostCannotLoadTheVersion_Returns502_DesiredVersionPutBack_NothingElseChanges()
    {
        var controlPlane = Directory.CreateTempSubdirectory("promotion-").FullName;
        using var store = new TemporaryStore().Copy("churn", "1.0.0");
        await using var stable = await ModelHostServer.StartTrackedAsync(controlPlane, "stable", "1.0.0");
        await using var stableWithout = await ModelHostServer.StartTrackedAsync(controlPlane, "stable", "1.0.0", store.Path);
        await using var canary = await ModelHostServer.StartTrackedAsync(controlPlane, "canary", "1.1.0");
        await using var gateway = await StartGatewayAsync(controlPlane, stable, canary);

        using var response = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("refused churn 1.1.0", (string?)(await response.ReadObjectAsync())["detail"], StringComparison.Ordinal);
        Assert.Equal(10, gateway.Service<CanaryFlags>().Share("churn"));
        await Readiness.UntilAsync(async () =>
        {
            using var metadata = await stable.Client.GetAsync("/v2/models/churn");
            return (string?)(await metadata.ReadObjectAsync())["versions"]![0] == "1.0.0";
        }, TimeSpan.FromSeconds(30), "the host that had swapped to swap back");
    }

    [Fact]
    public async Task Promote_NoStableHostReportsToTheControlPlane_Returns409()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 10);
        await Readiness.UntilAsync(async () => (string?)(await gateway.Admin().ModelStatusAsync())["tracks"]!["canary"]!["model_version"] == "1.1.0",
            what: "the canary's version to be known");

        using var response = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("ModelHost:Track=stable", (string?)(await response.ReadObjectAsync())["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_CandidateFailsTheGate_RefusedUnlessForcedWithAReason()
    {
        var controlPlane = Directory.CreateTempSubdirectory("promotion-").FullName;
        await using var stable = await ModelHostServer.StartTrackedAsync(controlPlane, "stable", "1.0.0");
        await using var canary = await ModelHostServer.StartTrackedAsync(controlPlane, "canary", "1.1.0");
        // ShadowCompare with 200 offline comparisons of 1.1.0 against 1.0.0: its gate fails for want of samples, with a score.
        var comparisons = Path.Combine(Directory.CreateTempSubdirectory("promotion-gate-").FullName, "comparisons.db");
        await ShadowCompare.Offline.OfflineRun.DiffAsync(new ShadowCompare.Storage.ComparisonStore(comparisons), RepositoryPaths.Models, "churn", "1.0.0", "1.1.0",
            [.. Enumerable.Range(0, 200).Select(i => ChurnSamples.PredictBody(i, 1))], "run-1", new ShadowCompare.Comparison.ComparisonOptions(), TimeProvider.System, CancellationToken.None);
        await using var compare = await ShadowCompareServer.StartAsync(comparisons);
        await using var gateway = await StartGatewayAsync(controlPlane, stable, canary, ("Gateway:Shadow:CompareUrl", compare.BaseAddress.ToString()));

        using (var refused = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { reason = "looks fine" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("promotion gate", (string?)(await refused.ReadObjectAsync())["detail"], StringComparison.Ordinal);
        }

        using (var noReason = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { force = true }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        Assert.Equal(10, gateway.Service<CanaryFlags>().Share("churn"));
        using var forced = await gateway.Admin().SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { force = true, reason = "hotfix, reviewed by on-call" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var record = await forced.ReadObjectAsync();
        Assert.True((bool)record["promoted"]!["gate_overridden"]!);
        Assert.InRange((double)record["promoted"]!["release_score"]!, 0, 100);
        Assert.Contains("hotfix, reviewed by on-call (forced past the gate: FAIL 1.1.0", (string?)record["reason"], StringComparison.Ordinal);
    }

    // A gateway on the same control plane, once it has seen both tracks' hosts and the canary's version.
    private static async Task<LoopbackServer> StartGatewayAsync(string controlPlane, LoopbackServer stable, LoopbackServer canary, params (string, string?)[] settings)
    {
        var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 10, [("ControlPlane:Directory", controlPlane), .. settings]);
        await Readiness.UntilAsync(async () =>
        {
            var status = await gateway.Admin().ModelStatusAsync();
            return (string?)status["tracks"]!["canary"]!["model_version"] == "1.1.0" && status["tracks"]!["stable"]!["instances"]!.AsArray().Count > 0;
        }, TimeSpan.FromSeconds(30), "the gateway to see the hosts and the canary's version");
        return gateway;
    }
}
