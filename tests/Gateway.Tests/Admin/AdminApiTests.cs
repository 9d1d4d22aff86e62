using System.Net;
using Gateway.Flags;
using Gateway.Tests.Canary;

namespace Gateway.Tests.Admin;

public sealed class AdminApiTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Admin();

    private string FlagsFile => fixture.Gateway.Service<CanaryFlags>().SeedPath;

    [Fact]
    public async Task Listeners_AdminAndMetricsOnlyOnTheAdminPort_PublicApiOnlyOnThePublicPort_HealthOnBoth()
    {
        var publicPort = fixture.Gateway.Client;
        var before = await File.ReadAllTextAsync(FlagsFile);

        // With the right token, and a Host header naming the admin port: still not found on the public port.
        using (var request = new HttpRequestMessage(HttpMethod.Put, "/admin/models/churn/canary") { Content = System.Net.Http.Json.JsonContent.Create(new { percent = 60, reason = "x" }) })
        {
            request.Headers.Authorization = new("Bearer", GatewayServer.AdminToken);
            request.Headers.Host = _gateway.BaseAddress!.Authority;
            using var response = await publicPort.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        foreach (var path in new[] { "/admin/models", "/admin/audit", "/metrics" })
        {
            using var onPublic = await publicPort.SendAdminAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
            using var onAdmin = await _gateway.SendAdminAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, onAdmin.StatusCode);
        }

        foreach (var path in new[] { "/v1/models", "/openapi/v1.json" })
        {
            using var onAdmin = await _gateway.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, onAdmin.StatusCode);
            using var onPublic = await publicPort.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, onPublic.StatusCode);
        }

        using (var predict = await _gateway.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(7, 1)))
        {
            Assert.Equal(HttpStatusCode.NotFound, predict.StatusCode);
        }

        foreach (var client in new[] { publicPort, _gateway })
        {
            using var health = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.Equal(before, await File.ReadAllTextAsync(FlagsFile));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789")]
    [InlineData("")]
    public async Task AdminCalls_WithoutValidToken_Return401AndChangeNothing(string? token)
    {
        var before = await File.ReadAllTextAsync(FlagsFile);
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, "/admin/models", null),
            (HttpMethod.Put, "/admin/models/churn/canary", new { percent = 50 }),
            (HttpMethod.Post, "/admin/models/churn/rollback", null),
            (HttpMethod.Post, "/admin/models/churn/promote", null),
            (HttpMethod.Get, "/admin/audit", null),
        })
        {
            using var response = await _gateway.SendAdminAsync(method, path, body, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Equal(before, await File.ReadAllTextAsync(FlagsFile));
    }

    [Theory]
    [InlineData("""{"percent": 150}""")]
    [InlineData("""{"percent": -1}""")]
    [InlineData("""{"percent": "25"}""")]
    [InlineData("""{"percentage": 25}""")]
    [InlineData("""{}""")]
    [InlineData("""{"percent": 25""")]
    [InlineData("""[25]""")]
    [InlineData("")]
    [InlineData("""{"percent": 1e400}""")]
    public async Task SetCanary_BadBody_Returns400AndChangesNothing(string body)
    {
        var before = await File.ReadAllTextAsync(FlagsFile);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/models/churn/canary") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", GatewayServer.AdminToken);
        using var response = await _gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await File.ReadAllTextAsync(FlagsFile));
    }

    [Fact]
    public async Task SetCanary_UnknownModel_Returns404()
    {
        using var response = await _gateway.SendAdminAsync(HttpMethod.Put, "/admin/models/nope/canary", new { percent = 5 });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SetCanary_WritesFlagsAndAudit_AndTakesEffectAtOnce()
    {
        using var response = await _gateway.SendAdminAsync(HttpMethod.Put, "/admin/models/churn/canary", new { percent = 35, reason = "ramp after review" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.ReadObjectAsync();
        Assert.Equal(35, (double)record["new_percent"]!);
        Assert.Equal("admin", (string?)record["actor"]);

        var onDisk = Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonFile(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), FlagsFile).Build();
        Assert.Equal(35, FlagsDocument.ReadShares(onDisk)["churn"]);
        Assert.Equal(35, (double)(await _gateway.ModelStatusAsync())["canary"]!["configured_percent"]!);

        using var audit = await _gateway.SendAdminAsync(HttpMethod.Get, "/admin/audit?model=churn&limit=1");
        var newest = (await audit.ReadObjectAsync())["records"]![0]!;
        Assert.Equal("ramp after review", (string?)newest["reason"]);
        Assert.DoesNotContain(GatewayServer.AdminToken, await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(FlagsFile)!, "audit.jsonl")));
        await _gateway.SetCanaryAsync(0);
    }

    [Fact]
    public async Task Rollback_OneCall_SetsZeroAndIsShownAsLastRollback()
    {
        await _gateway.SetCanaryAsync(40);
        using var response = await _gateway.SendAdminAsync(HttpMethod.Post, "/admin/models/churn/rollback", new { reason = "drill" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var status = await _gateway.ModelStatusAsync();
        Assert.Equal(0, (double)status["canary"]!["configured_percent"]!);
        Assert.Equal("drill", (string?)status["last_rollback"]!["reason"]);
        Assert.Equal(40, (double)status["last_rollback"]!["old_percent"]!);
    }

    [Theory]
    [InlineData("GET", "/admin/audit?limit=abc", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/admin/models/churn/canary", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/admin/models/churn", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/admin/nothing-here", HttpStatusCode.NotFound)]
    public async Task AdminCalls_MalformedRequests_AreProblemsNot5xx(string method, string path, HttpStatusCode expected)
    {
        using var response = await _gateway.SendAdminAsync(new HttpMethod(method), path);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SetCanary_OversizedBody_Returns413OrBadRequestAndChangesNothing()
    {
        var before = await File.ReadAllTextAsync(FlagsFile);
        using var response = await _gateway.SendAdminAsync(HttpMethod.Put, "/admin/models/churn/canary", new { percent = 5, reason = new string('x', 100_000) });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, response.StatusCode.ToString());
        Assert.Equal(before, await File.ReadAllTextAsync(FlagsFile));
    }

    // The public API's corpus of malformed and hostile bodies, sent to every admin call that takes a body.
    public static TheoryData<string> HostileCases() => Routing.HostileInputTests.Cases();

    // An empty body (no reason given) is a valid rollback or promote, and so is an empty object: not hostile there.
    private static readonly string[] ValidForRollbackAndPromote = ["empty", "whitespace only", "empty object"];

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task AdminChanges_HostileBodies_4xxAndNothingChanges(string name)
    {
        var before = await File.ReadAllTextAsync(FlagsFile);
        foreach (var (method, path) in new[] { (HttpMethod.Put, "/admin/models/churn/canary"), (HttpMethod.Post, "/admin/models/churn/rollback"), (HttpMethod.Post, "/admin/models/churn/promote") })
        {
            if (method == HttpMethod.Post && ValidForRollbackAndPromote.Contains(name))
            {
                continue;
            }

            using var request = Routing.HostileInputTests.Request(method, path, name);
            request.Headers.Authorization = new("Bearer", GatewayServer.AdminToken);
            var status = await HostileSender.SendAsync(_gateway, request);

            Assert.True(status is null || (int)status is >= 400 and < 500, $"{name} to {path}: {status}");
        }

        Assert.Equal(before, await File.ReadAllTextAsync(FlagsFile));
        using var health = await _gateway.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
