using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.OpenApi;

public sealed class OpenApiDocumentTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static string Committed => Path.Combine(RepositoryPaths.Root, "schemas", "openapi.v1.json");

    /// <summary>The committed copy is what the gateway serves. To refresh it after a schema change: UPDATE_OPENAPI=1 ./test.sh.</summary>
    [Fact]
    public async Task OpenApi_Served_EqualsCommittedCopy()
    {
        var served = await fixture.Gateway.Client.GetStringAsync("/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, served + "\n");
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(Committed)), JsonNode.Parse(served)),
            "schemas/openapi.v1.json is stale: run UPDATE_OPENAPI=1 ./test.sh and commit it");
    }

    [Fact]
    public async Task OpenApi_Served_DescribesPredictWithTheRequestSchemaAndExample()
    {
        var document = JsonNode.Parse(await fixture.Gateway.Client.GetStringAsync("/openapi/v1.json"))!;
        Assert.Equal("3.0.3", (string)document["openapi"]!);
        var predict = document["paths"]!["/v1/models/churn:predict"]!["post"]!;
        Assert.Equal("#/components/schemas/churn.v1.PredictRequest", (string)predict["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!);
        Assert.NotNull(predict["requestBody"]!["content"]!["application/json"]!["example"]);
        var request = document["components"]!["schemas"]!["churn.v1.PredictRequest"]!;
        Assert.Null(request["$schema"]);
        Assert.Equal("object", (string)request["type"]!);
    }

    [Fact]
    public async Task OpenApi_Served_DeclaresServerKeyAndEveryRefusal()
    {
        var document = JsonNode.Parse(await fixture.Gateway.Client.GetStringAsync("/openapi/v1.json"))!;
        Assert.Equal("/", (string)document["servers"]![0]!["url"]!);
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal(("apiKey", "header", "X-Api-Key"), ((string)scheme["type"]!, (string)scheme["in"]!, (string)scheme["name"]!));

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("429"), $"{method} {path} lacks 401 or 429");
                Assert.True(method != "post" || responses.ContainsKey("413"), $"{method} {path} lacks 413");
            }
        }
    }

    [Theory]
    [InlineData("/v1/models", "ModelList")]
    [InlineData("/v1/models/{model}", "ModelDetail")]
    public async Task OpenApi_Catalog_AnswersAreTypedAndMatchWhatIsServed(string path, string schema)
    {
        var document = JsonNode.Parse(await fixture.Gateway.Client.GetStringAsync("/openapi/v1.json"))!;
        Assert.Equal($"#/components/schemas/{schema}", (string)document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!);

        // Every required property of the schema is in the live answer.
        var answer = JsonNode.Parse(await fixture.Gateway.Client.GetStringAsync(path.Replace("{model}", "churn", StringComparison.Ordinal)))!;
        var target = schema == "ModelList" ? answer["models"]![0]! : answer;
        var described = document["components"]!["schemas"]![schema == "ModelList" ? "ModelSummary" : schema]!;
        Assert.All(described["required"]!.AsArray(), required => Assert.NotNull(target[(string)required!]));
    }
}
