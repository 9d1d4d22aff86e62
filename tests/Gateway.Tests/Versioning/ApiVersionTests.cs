using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using NJsonSchema;

namespace Gateway.Tests.Versioning;

/// <summary>churn's API v2 beside v1 on one gateway: its own schemas, catalog and OpenAPI document, ids carried back; v1 unchanged.</summary>
public sealed class ApiVersionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;

    private static string Committed => Path.Combine(RepositoryPaths.Root, "schemas", "openapi.v2.json");

    [Fact]
    public async Task V2_Predict_CarriesEachIdBackAndMatchesItsResponseSchema()
    {
        var body = TwoCustomers(skip: 10, firstId: "cust-0042");
        using var response = await _gateway.PostRawAsync("/v2/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var schema = await JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "churn", "v2", "response.schema.json"));
        Assert.Empty(schema.Validate(text));

        var predictions = JsonNode.Parse(text)!["predictions"]!.AsArray();
        Assert.Equal("cust-0042", (string)predictions[0]!["id"]!);
        Assert.Equal("id", predictions[0]!.AsObject().First().Key);
        Assert.Null(predictions[1]!["id"]);
        Assert.NotNull(predictions[1]!["score"]);
    }

    [Fact]
    public async Task V2_SameFeaturesAsV1_SameAnswerPlusIds()
    {
        var v1 = await (await _gateway.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(20, 2))).ReadObjectAsync();
        var v2 = await (await _gateway.PostRawAsync("/v2/models/churn:predict", TwoCustomers(skip: 20, firstId: "a"))).ReadObjectAsync();

        var withoutIds = v2["predictions"]!.AsArray().Select(p => { var copy = p!.DeepClone().AsObject(); copy.Remove("id"); return copy; });
        Assert.True(JsonNode.DeepEquals(v1["predictions"], new JsonArray([.. withoutIds])), $"v1 {v1["predictions"]} vs v2 {v2["predictions"]}");
        Assert.True(JsonNode.DeepEquals(v1["model"], v2["model"]));
    }

    [Fact]
    public async Task V2_SameFeaturesOtherIds_AnsweredFromTheCacheWithTheNewIds()
    {
        using var first = await _gateway.PostRawAsync("/v2/models/churn:predict", TwoCustomers(skip: 30, firstId: "repeat-1"));
        using var second = await _gateway.PostRawAsync("/v2/models/churn:predict", TwoCustomers(skip: 30, firstId: "repeat-2"));

        Assert.Equal("MISS", first.Headers.GetValues("X-Cache").Single());
        Assert.Equal("HIT", second.Headers.GetValues("X-Cache").Single());
        Assert.Equal("repeat-1", (string)(await first.ReadObjectAsync())["predictions"]![0]!["id"]!);
        Assert.Equal("repeat-2", (string)(await second.ReadObjectAsync())["predictions"]![0]!["id"]!);
    }

    [Theory]
    [InlineData("/V1/models")]
    [InlineData("/V2/models")]
    [InlineData("/openapi/V1.json")]
    public async Task VersionInPath_MatchesWithoutRegardToCase(string path)
    {
        using var response = await _gateway.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task V1_InstanceWithId_IsStillRefused()
    {
        var body = JsonNode.Parse(ChurnSamples.PredictBody(0, 1))!;
        body["instances"]![0]!["id"] = "x";
        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task V2_BadBody_Returns400ProblemAgainstItsOwnSchema()
    {
        var body = JsonNode.Parse(TwoCustomers(skip: 0, firstId: ""))!;
        using var response = await _gateway.PostRawAsync("/v2/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Contains("id", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_EachVersion_ListsWhatItOffers()
    {
        var churn = Assert.Single((await (await _gateway.GetAsync("/v2/models")).ReadObjectAsync())["models"]!.AsArray())!;
        Assert.Equal(("churn", "v2", "/v2/models/churn:predict", "/openapi/v2.json"),
            ((string)churn["name"]!, (string)churn["api_version"]!, (string)churn["predict"]!, (string)churn["details"]!));
        Assert.Null(churn["deprecated"]);

        var details = await (await _gateway.GetAsync("/v1/models/churn")).ReadObjectAsync();
        Assert.Equal(["v1", "v2"], details["api_versions"]!.AsArray().Select(v => (string)v!));
    }

    [Theory]
    [InlineData("GET", "/v3/models")]
    [InlineData("POST", "/v3/models/churn:predict")]
    [InlineData("GET", "/openapi/v3.json")]
    [InlineData("GET", "/v3%0A/models")]
    public async Task UnofferedVersion_Returns404ProblemNamingIt(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(ChurnSamples.PredictBody(0, 1), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("v3", (string)(await Problem.ReadAsync(response))["detail"]!, StringComparison.Ordinal);
    }

    /// <summary>The committed copy is what the gateway serves. To refresh it after a schema change: UPDATE_OPENAPI=1 ./test.sh.</summary>
    [Fact]
    public async Task OpenApi_V2_EqualsCommittedCopyAndHoldsOnlyV2()
    {
        var served = await _gateway.GetStringAsync("/openapi/v2.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, served + "\n");
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(Committed)), JsonNode.Parse(served)),
            "schemas/openapi.v2.json is stale: run UPDATE_OPENAPI=1 ./test.sh and commit it");
        var document = JsonNode.Parse(served)!;
        Assert.Equal(["/v2/models", "/v2/models/churn:predict"], document["paths"]!.AsObject().Select(p => p.Key));
        Assert.Equal("#/components/schemas/churn.v2.PredictRequest",
            (string)document["paths"]!["/v2/models/churn:predict"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!);
    }

    // Two customers' features; the first carries an id.
    private static string TwoCustomers(int skip, string firstId)
    {
        var body = JsonNode.Parse(ChurnSamples.PredictBody(skip, 2))!;
        body["instances"]![0]!.AsObject().Insert(0, "id", firstId);
        return body.ToJsonString();
    }
}
