using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.OpenApi;

/// <summary>The admin API's own OpenAPI document: served to admins only, committed, and describing every call.</summary>
public sealed class AdminOpenApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Path = "/admin/openapi/admin.json";

    private static string Committed => System.IO.Path.Combine(RepositoryPaths.Root, "schemas", "openapi.admin.json");

    private async Task<string> ServedAsync()
    {
        using var response = await fixture.Gateway.Admin().SendAdminAsync(HttpMethod.Get, Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>To refresh the committed copy after an admin API change: UPDATE_OPENAPI=1 ./test.sh.</summary>
    [Fact]
    public async Task Served_EqualsCommittedCopy()
    {
        var served = await ServedAsync();
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, JsonNode.Parse(served)!.ToJsonString(new() { WriteIndented = true }) + "\n");
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(Committed)), JsonNode.Parse(served)),
            "schemas/openapi.admin.json is stale: run UPDATE_OPENAPI=1 ./test.sh and commit it");
    }

    [Fact]
    public async Task WithoutAToken_401_AndNotOnThePublicListener()
    {
        using var anonymous = await fixture.Gateway.Admin().SendAdminAsync(HttpMethod.Get, Path, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var onPublic = await fixture.Gateway.Client.SendAdminAsync(HttpMethod.Get, Path);
        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
    }

    [Theory]
    [InlineData("/admin/models", "get", null, "ModelStatusList")]
    [InlineData("/admin/models/{model}", "get", null, "ModelStatus")]
    [InlineData("/admin/models/{model}/canary", "put", "CanaryChange", "AuditRecord")]
    [InlineData("/admin/models/{model}/rollback", "post", "ActionReason", "AuditRecord")]
    [InlineData("/admin/models/{model}/promote", "post", "PromoteRequest", "AuditRecord")]
    [InlineData("/admin/models/{model}/versions/{track}", "put", "SetVersionRequest", "VersionChange")]
    [InlineData("/admin/models/{model}/rollback-promotion", "post", "ActionReason", "VersionChange")]
    [InlineData("/admin/audit", "get", null, "AuditPage")]
    public async Task EveryCall_IsDescribed_WithItsBodyAnswerAndRefusals(string path, string method, string? request, string answer)
    {
        var document = JsonNode.Parse(await ServedAsync())!;
        Assert.Equal("bearer", (string)document["components"]!["securitySchemes"]!["AdminToken"]!["scheme"]!);
        var operation = document["paths"]![path]![method]!;
        var responses = operation["responses"]!.AsObject();
        Assert.EndsWith("/" + answer, (string)responses["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!, StringComparison.Ordinal);
        Assert.True(responses.ContainsKey("401"), $"{method} {path} lacks 401");
        if (request is not null)
        {
            Assert.EndsWith("/" + request, (string)operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!, StringComparison.Ordinal);
            Assert.True(responses.ContainsKey("400") && responses.ContainsKey("409"), $"{method} {path} lacks 400 or 409");
        }
    }
}
