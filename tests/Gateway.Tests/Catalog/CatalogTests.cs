using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Catalog;

public sealed class CatalogTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;

    [Fact]
    public async Task Models_List_NamesChurnWithApiVersion()
    {
        var churn = Assert.Single((await (await _gateway.GetAsync("/v1/models")).ReadObjectAsync())["models"]!.AsArray())!;
        Assert.Equal("churn", (string)churn["name"]!);
        Assert.Equal("v1", (string)churn["api_version"]!);
        Assert.Equal("/v1/models/churn:predict", (string)churn["predict"]!);
    }

    [Fact]
    public async Task Model_Details_CarryRequestAndResponseSchemas()
    {
        var churn = await (await _gateway.GetAsync("/v1/models/churn")).ReadObjectAsync();
        Assert.Equal("object", (string)churn["request_schema"]!["type"]!);
        Assert.NotNull(churn["request_schema"]!["properties"]!["instances"]);
        Assert.NotNull(churn["response_schema"]!["properties"]!["predictions"]);
    }

    [Fact]
    public async Task Model_Details_CarryEachTracksManifestFacts()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Models, "churn", "1.1.0", "model.json")))!;
        JsonNode? stable = null;
        await Readiness.UntilAsync(async () =>
        {
            stable = (await (await _gateway.GetAsync("/v1/models/churn")).ReadObjectAsync())["tracks"]?["stable"];
            return stable?["description"] is not null;
        }, what: "the stable track's manifest facts");

        Assert.Equal("1.1.0", (string)stable!["version"]!);
        Assert.Equal((string)manifest["description"]!, (string)stable["description"]!);
        Assert.Equal(manifest["changelog"]!.AsArray().Select(l => (string)l!), stable["changelog"]!.AsArray().Select(l => (string)l!));
        Assert.Equal((double)manifest["metrics"]!["auc"]!, (double)stable["metrics"]!["auc"]!);

        var status = await fixture.Gateway.Admin().ModelStatusAsync();
        Assert.Equal((string)manifest["description"]!, (string)status["tracks"]!["stable"]!["model"]!["description"]!);
        Assert.Equal((double)manifest["metrics"]!["accuracy"]!, (double)status["tracks"]!["stable"]!["model"]!["metrics"]!["accuracy"]!);
    }

    [Fact]
    public async Task Model_Unknown_Returns404Problem()
    {
        using var response = await _gateway.GetAsync("/v1/models/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await Problem.ReadAsync(response);
    }
}
