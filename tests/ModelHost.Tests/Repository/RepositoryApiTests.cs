using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ModelHost.Tests.Repository;

public sealed class RepositoryApiTests
{
    private static Task<HttpResponseMessage> LoadAsync(LoopbackServer host, string model, object body, string? token = GatewayServer.ModelHostToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/repository/models/{model}/load") { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return host.Client.SendAsync(request);
    }

    private static async Task<string> ServingAsync(LoopbackServer host)
    {
        using var response = await host.Client.GetAsync("/v2/models/churn");
        return (string)(await response.ReadObjectAsync())["versions"]![0]!;
    }

    [Fact]
    public async Task Load_ValidVersion_SwapsHotAndPinSurvivesRestart()
    {
        var pins = Path.Combine(Directory.CreateTempSubdirectory("pins-").FullName, "pins.json");
        await using (var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"), ("ModelHost:PinsFile", pins)))
        {
            using var response = await LoadAsync(host, "churn", new { parameters = new { version = "1.1.0" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("1.1.0", await ServingAsync(host));
        }

        await using var restarted = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"), ("ModelHost:PinsFile", pins));
        Assert.Equal("1.1.0", await ServingAsync(restarted));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token-0123456789")]
    public async Task Load_WithoutValidToken_Returns401AndKeepsServing(string? token)
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        using var response = await LoadAsync(host, "churn", new { parameters = new { version = "1.1.0" } }, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("1.0.0", await ServingAsync(host));
    }

    [Fact]
    public async Task Load_BadRequests_4xxAndKeepsServing()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.0.0"));
        using (var unknown = await LoadAsync(host, "churn", new { parameters = new { version = "9.0.0" } }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var noModel = await LoadAsync(host, "nope", new { parameters = new { version = "1.0.0" } }))
        {
            Assert.Equal(HttpStatusCode.NotFound, noModel.StatusCode);
        }

        foreach (var body in new object[] { new { }, new { parameters = new { version = "latest" } }, new { parameters = "1.1.0" }, new[] { 1 } })
        {
            using var bad = await LoadAsync(host, "churn", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        Assert.Equal("1.0.0", await ServingAsync(host));
    }

    [Fact]
    public async Task Load_TamperedWeights_RefusedPinRevertedOldVersionServes()
    {
        using var store = new TemporaryStore().Copy("churn", "1.0.0").Copy("churn", "1.1.0");
        await using var host = await ModelHostServer.StartAsync(store.Path, ("ModelHost:Models:churn", "1.0.0"));
        store.Tamper("churn", "1.1.0");

        using var response = await LoadAsync(host, "churn", new { parameters = new { version = "1.1.0" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sha256", (await response.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal("1.0.0", await ServingAsync(host));
    }

    [Fact]
    public async Task Index_WithTheToken_ListsStoreVersionsWithTheServingOneReady_WithoutIt401()
    {
        await using var host = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        using (var anonymous = await host.Client.PostAsync("/v2/repository/index", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/repository/index");
        request.Headers.Authorization = new("Bearer", GatewayServer.ModelHostToken);
        using var response = await host.Client.SendAsync(request);
        var index = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Contains(index, e => (string?)e!["version"] == "1.1.0" && (string?)e["state"] == "READY");
        Assert.Contains(index, e => (string?)e!["version"] == "1.0.0" && (string?)e["state"] == "UNAVAILABLE");
    }
}
