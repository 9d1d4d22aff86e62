using System.Net;
using Gateway.Tests.Canary;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Protocol;

/// <summary>
/// The Open Inference Protocol's REST surface through the gateway, endpoint by endpoint, each answer checked against
/// the protocol's schema (schemas/oip/v2): stable churn 1.0.0 and canary 1.1.0 behind it, canary at 0 %.
/// </summary>
public sealed class OipSurfaceTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;

    [Fact]
    public async Task ServerMetadata_NamesTheGatewayAndTheBinaryExtension()
    {
        using var response = await _gateway.GetAsync("/v2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metadata = await OipAnswer.ReadAsync(response, "server-metadata");
        Assert.Equal("gateway", (string)metadata["name"]!);
        Assert.Contains("binary_tensor_data", metadata["extensions"]!.AsArray().Select(e => (string)e!));
    }

    [Theory]
    [InlineData("/v2/health/live", "live")]
    [InlineData("/v2/health/ready", "ready")]
    public async Task ServerHealth_Answers200True(string path, string field)
    {
        using var response = await _gateway.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)(await OipAnswer.ReadAsync(response, "health"))[field]!);
    }

    [Fact]
    public async Task ModelMetadata_DescribesTheCallersTrack()
    {
        using var stable = await _gateway.GetAsync("/v2/models/churn");
        Assert.Equal(HttpStatusCode.OK, stable.StatusCode);
        var metadata = await OipAnswer.ReadAsync(stable, "model-metadata");
        Assert.Equal("churn", (string)metadata["name"]!);
        Assert.Equal([CanaryFixture.StableVersion], metadata["versions"]!.AsArray().Select(v => (string)v!));
        Assert.Contains(metadata["inputs"]!.AsArray(), i => (string)i!["name"]! == "tenure_months");

        // A caller allowed to choose its track sees the canary's model.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/models/churn");
        request.Headers.Add("X-Api-Key", CanaryFixture.TesterKey);
        request.Headers.Add("X-Canary", "always");
        using var canary = await _gateway.SendAsync(request);
        Assert.Equal([CanaryFixture.CanaryVersion], (await OipAnswer.ReadAsync(canary, "model-metadata"))["versions"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task MetadataAndReadiness_NotCountedAsCalls()
    {
        var stable = fixture.Gateway.Service<Gateway.Analysis.TrackStatistics>().For("churn", Track.Stable);
        var before = stable.Snapshot().Assigned;
        for (var i = 0; i < 5; i++)
        {
            (await _gateway.GetAsync("/v2/models/churn")).Dispose();
            (await _gateway.GetAsync("/v2/models/churn/ready")).Dispose();
        }

        Assert.Equal(before, stable.Snapshot().Assigned);
        (await _gateway.PostRawAsync("/v2/models/churn/infer", ChurnSamples.InferBody(77, 1))).Dispose();
        Assert.Equal(before + 1, stable.Snapshot().Assigned);
    }

    [Fact]
    public async Task ModelReady_Answers200Ready()
    {
        using var response = await _gateway.GetAsync("/v2/models/churn/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)(await OipAnswer.ReadAsync(response, "model-ready"))["ready"]!);
    }

    [Theory]
    [InlineData(CanaryFixture.StableVersion)]
    [InlineData(CanaryFixture.CanaryVersion)]
    public async Task VersionedEndpoints_GoToTheTrackServingThatVersion(string version)
    {
        // The canary's version is reached by a caller the split puts on the canary: here the tester, forcing it.
        using var metadata = await SendAsTesterAsync(HttpMethod.Get, $"/v2/models/churn/versions/{version}");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal([version], (await OipAnswer.ReadAsync(metadata, "model-metadata"))["versions"]!.AsArray().Select(v => (string)v!));

        using var ready = await SendAsTesterAsync(HttpMethod.Get, $"/v2/models/churn/versions/{version}/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await OipAnswer.ReadAsync(ready, "model-ready");

        using var infer = await SendAsTesterAsync(HttpMethod.Post, $"/v2/models/churn/versions/{version}/infer");
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        Assert.Equal(version, (string)(await OipAnswer.ReadAsync(infer, "response"))["model_version"]!);
        Assert.Equal(version, infer.Headers.GetValues("X-Model-Version").Single());
    }

    [Fact]
    public async Task Infer_Unversioned_AnswersFromTheCallersTrackValidAgainstTheProtocol()
    {
        using var response = await _gateway.PostRawAsync("/v2/models/churn/infer", ChurnSamples.InferBody(11, 3));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await OipAnswer.ReadAsync(response, "response");
        Assert.Equal(CanaryFixture.StableVersion, (string)answer["model_version"]!);
    }

    [Theory]
    [InlineData("GET", "/v2/models/churn/versions/1.1.0")]
    [InlineData("POST", "/v2/models/churn/versions/1.1.0/infer")]
    public async Task CanaryVersion_NamedByACallerNotOnTheCanary_Returns404(string method, string path)
    {
        using var response = await SendAsync(method, path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await OipAnswer.ReadErrorAsync(response);
        Assert.Contains("this caller is not on the canary", error, StringComparison.Ordinal);
        Assert.Contains($"{CanaryFixture.StableVersion} (stable)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v2/models/churn/versions/9.9.9")]
    [InlineData("GET", "/v2/models/churn/versions/9.9.9/ready")]
    [InlineData("POST", "/v2/models/churn/versions/9.9.9/infer")]
    public async Task UnknownVersion_Returns404NamingTheVersionsServed(string method, string path)
    {
        using var response = await SendAsync(method, path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await OipAnswer.ReadErrorAsync(response);
        Assert.Contains("'9.9.9'", error, StringComparison.Ordinal);
        Assert.Contains($"{CanaryFixture.StableVersion} (stable)", error, StringComparison.Ordinal);
        Assert.Contains($"{CanaryFixture.CanaryVersion} (canary)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v2/models/nope")]
    [InlineData("GET", "/v2/models/nope/ready")]
    [InlineData("GET", "/v2/models/nope/versions/1.0.0")]
    [InlineData("GET", "/v2/models/nope/versions/1.0.0/ready")]
    [InlineData("POST", "/v2/models/nope/infer")]
    [InlineData("POST", "/v2/models/nope/versions/1.0.0/infer")]
    public async Task UnknownModel_Returns404InTheProtocolsErrorShape(string method, string path)
    {
        using var response = await SendAsync(method, path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await OipAnswer.ReadErrorAsync(response);
        Assert.Contains("'nope'", error, StringComparison.Ordinal);
        Assert.Contains("served: churn", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicApiErrors_StayProblemJson()
    {
        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", "{\"instances\": []}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Problem.ReadAsync(response);
    }

    private async Task<HttpResponseMessage> SendAsTesterAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", CanaryFixture.TesterKey);
        request.Headers.Add("X-Canary", "always");
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(ChurnSamples.InferBody(3, 2).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        return await _gateway.SendAsync(request);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path) =>
        method == "GET" ? _gateway.GetAsync(path) : _gateway.PostRawAsync(path, ChurnSamples.InferBody(0, 1));
}
