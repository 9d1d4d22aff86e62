using System.Net;
using Gateway.Canary;

namespace Gateway.Tests.Admin;

public sealed class PromotionTests
{
    [Fact]
    public async Task Promote_CanaryVersion_StableHostsSwapHotCanaryToZeroAndAudited()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 10);
        await Readiness.UntilAsync(async () => (string?)(await gateway.Client.ModelStatusAsync())["tracks"]!["canary"]!["model_version"] == "1.1.0",
            what: "the canary's version to be known");

        using var response = await gateway.Client.SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { reason = "shadow report green" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.ReadObjectAsync();
        Assert.Equal(AuditActions.Promote, (string?)record["action"]);
        Assert.Equal("1.0.0", (string?)record["promoted"]!["from"]);
        Assert.Equal("1.1.0", (string?)record["promoted"]!["to"]);

        using var metadata = await stable.Client.GetAsync("/v2/models/churn");
        Assert.Equal("1.1.0", (string?)(await metadata.ReadObjectAsync())["versions"]![0]);
        var status = await gateway.Client.ModelStatusAsync();
        Assert.Equal(0, (double)status["canary"]!["configured_percent"]!);
        Assert.Equal("1.1.0", (string?)status["tracks"]!["stable"]!["model_version"]);
        Assert.Equal("shadow report green", (string?)status["last_promotion"]!["reason"]);

        using var predict = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(9, 1));
        Assert.Equal("1.1.0", predict.Headers.GetValues("X-Model-Version").Single());
    }

    [Fact]
    public async Task Promote_StableHostRefusesToken_Returns502AndNothingChanges()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"), ("ModelHost:AdminToken", "another-token-0123456789"));
        await using var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 10);
        await Readiness.UntilAsync(async () => (string?)(await gateway.Client.ModelStatusAsync())["tracks"]!["canary"]!["model_version"] == "1.1.0",
            what: "the canary's version to be known");

        using var response = await gateway.Client.SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(10, gateway.Service<CanaryFlags>().Share("churn"));
        using var metadata = await stable.Client.GetAsync("/v2/models/churn");
        Assert.Equal("1.0.0", (string?)(await metadata.ReadObjectAsync())["versions"]![0]);
    }

    [Fact]
    public async Task Promote_CandidateFailsTheGate_RefusedUnlessForcedWithAReason()
    {
        await using var stable = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        await using var canary = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        // ShadowCompare with no comparisons of 1.1.0: its gate fails for want of samples.
        await using var compare = await ShadowCompareServer.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(stable.BaseAddress, canary.BaseAddress, 10, ("Gateway:Shadow:CompareUrl", compare.BaseAddress.ToString()));
        await Readiness.UntilAsync(async () => (string?)(await gateway.Client.ModelStatusAsync())["tracks"]!["canary"]!["model_version"] == "1.1.0",
            what: "the canary's version to be known");

        using (var refused = await gateway.Client.SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { reason = "looks fine" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("promotion gate", (string?)(await refused.ReadObjectAsync())["detail"], StringComparison.Ordinal);
        }

        using (var noReason = await gateway.Client.SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { force = true }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        Assert.Equal(10, gateway.Service<CanaryFlags>().Share("churn"));
        using var forced = await gateway.Client.SendAdminAsync(HttpMethod.Post, "/admin/models/churn/promote", new { force = true, reason = "hotfix, reviewed by on-call" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var record = await forced.ReadObjectAsync();
        Assert.True((bool)record["promoted"]!["gate_overridden"]!);
        Assert.Contains("hotfix, reviewed by on-call (forced past the gate: FAIL 1.1.0", (string?)record["reason"], StringComparison.Ordinal);
    }
}
