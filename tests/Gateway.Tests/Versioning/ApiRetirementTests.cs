using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Versioning;

/// <summary>Retiring an API version: deprecated answers say so and name the successor; after the sunset, 410 Gone.</summary>
public sealed class ApiRetirementTests
{
    [Fact]
    public async Task Deprecated_Answers_CarryDeprecationSunsetAndSuccessorLink()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await StartGatewayAsync(modelHost, sunset: "2099-01-01T00:00:00Z");

        using var v1 = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal("@1767225600", v1.Headers.GetValues("Deprecation").Single());
        Assert.Equal("Thu, 01 Jan 2099 00:00:00 GMT", v1.Headers.GetValues("Sunset").Single());
        Assert.Equal("</v2/models/churn:predict>; rel=\"successor-version\"", v1.Headers.GetValues("Link").Single());

        using var hit = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal("HIT", hit.Headers.GetValues("X-Cache").Single());
        Assert.Equal("@1767225600", hit.Headers.GetValues("Deprecation").Single());

        using var v2 = await gateway.Client.PostRawAsync("/v2/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        Assert.False(v2.Headers.Contains("Deprecation"));

        var listed = Assert.Single((await (await gateway.Client.GetAsync("/v1/models")).ReadObjectAsync())["models"]!.AsArray())!;
        Assert.Equal("v2", (string)listed["successor"]!);
        Assert.NotNull(listed["sunset"]);
        var document = await (await gateway.Client.GetAsync("/openapi/v1.json")).ReadObjectAsync();
        Assert.True((bool)document["paths"]!["/v1/models/churn:predict"]!["post"]!["deprecated"]!);
    }

    [Fact]
    public async Task PastSunset_Returns410NamingTheSuccessor_AndV2GoesOn()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        await using var gateway = await StartGatewayAsync(modelHost, sunset: "2026-06-01T00:00:00Z");

        using var v1 = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.Gone, v1.StatusCode);
        Assert.Contains("POST /v2/models/churn:predict", (string)(await Problem.ReadAsync(v1))["detail"]!, StringComparison.Ordinal);

        using var v2 = await gateway.Client.PostRawAsync("/v2/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
    }

    [Fact]
    public async Task ModelOfferingOnlyV2_NoV1DetailsOrJobs_ProtocolStillDescribed()
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        // v2 and a v3 (v2's schemas again): no v1.
        var schemas = Directory.CreateTempSubdirectory("gateway-schemas-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "schemas"), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(schemas, Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "schemas"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        Directory.CreateDirectory(Path.Combine(schemas, "churn", "v3"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(schemas, "churn", "v2")))
        {
            File.Copy(file, Path.Combine(schemas, "churn", "v3", Path.GetFileName(file)));
        }

        await using var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, ("Gateway:SchemaDirectory", schemas),
            ("Gateway:Models:churn:ApiVersions:0:Version", "v2"), ("Gateway:Models:churn:ApiVersions:1:Version", "v3"));
        await gateway.WaitUntilReadyAsync("/readyz");

        using var v1 = await gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.NotFound, v1.StatusCode);
        Assert.Contains("it offers v2, v3", (string)(await Problem.ReadAsync(v1))["detail"]!, StringComparison.Ordinal);
        using var details = await gateway.Client.GetAsync("/v1/models/churn");
        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        using var job = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/jobs")
        {
            Content = new StringContent(ChurnSamples.InstanceLine(0) + "\n", System.Text.Encoding.UTF8, "application/x-ndjson"),
        };
        job.Headers.Add("X-Api-Key", GatewayServer.TrustedApiKey);
        using var refused = await gateway.Client.SendAsync(job);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("API v1", (string)(await Problem.ReadAsync(refused))["detail"]!, StringComparison.Ordinal);

        using var v2 = await gateway.Client.PostRawAsync("/v2/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        var document = await (await gateway.Client.GetAsync("/openapi/v1.json")).ReadObjectAsync();
        Assert.NotNull(document["paths"]!["/v2/models/churn/infer"]);
        Assert.Null(document["paths"]!["/v1/models/churn:predict"]);
    }

    [Theory]
    [InlineData("Gateway:Models:churn:ApiVersions:1:Version", "2", "must be v and a number")]
    [InlineData("Gateway:Models:churn:ApiVersions:1:Version", "v1", "listed twice")]
    [InlineData("Gateway:Models:churn:ApiVersions:0:Successor", "v7", "not another of the model's versions")]
    [InlineData("Gateway:Models:churn:ApiVersions:0:Deprecated", "2099-06-01T00:00:00Z", "needs a Deprecated date before it")]
    public async Task BadVersionSetting_StopsTheGatewayNamingTheKey(string key, string value, string expected)
    {
        await using var modelHost = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"));
        (string, string?)[] settings = [.. Versions(sunset: "2099-01-01T00:00:00Z").Where(s => s.Key != key), (key, value)];
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => GatewayServer.StartAsync(modelHost.BaseAddress, settings));
        Assert.Contains(expected, failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<LoopbackServer> StartGatewayAsync(LoopbackServer modelHost, string sunset)
    {
        var gateway = await GatewayServer.StartAsync(modelHost.BaseAddress, Versions(sunset));
        await gateway.WaitUntilReadyAsync("/readyz");
        return gateway;
    }

    // v1 deprecated on 2026-01-01 in favour of v2, retiring at the given sunset.
    private static (string Key, string? Value)[] Versions(string sunset) =>
    [
        ("Gateway:Models:churn:ApiVersions:0:Version", "v1"),
        ("Gateway:Models:churn:ApiVersions:0:Deprecated", "2026-01-01T00:00:00Z"),
        ("Gateway:Models:churn:ApiVersions:0:Sunset", sunset),
        ("Gateway:Models:churn:ApiVersions:0:Successor", "v2"),
        ("Gateway:Models:churn:ApiVersions:1:Version", "v2"),
    ];
}
