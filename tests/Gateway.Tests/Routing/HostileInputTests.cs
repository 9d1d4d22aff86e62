using System.Net;
using System.Net.Http.Headers;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Routing;

/// <summary>The public API under the hostile corpus (<see cref="HostileCorpus"/>): a 4xx problem, never a 5xx, and the gateway answers normally afterwards.</summary>
public sealed partial class HostileInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;

    public static TheoryData<string> Cases() => [.. HostileCorpus.All.Select(c => c.Name)];

    /// <summary>Sends one corpus case as a request with the given method to <paramref name="path"/>.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string name)
    {
        var hostile = HostileCorpus.All.Single(c => c.Name == name);
        var content = new ByteArrayContent(hostile.Body);
        content.Headers.ContentType = hostile.ContentType is null ? null : MediaTypeHeaderValue.Parse(hostile.ContentType);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    [Fact]
    public void Corpus_HasAtLeastFiftyDistinctCases()
    {
        Assert.True(HostileCorpus.All.Count >= 50, $"{HostileCorpus.All.Count} cases");
        Assert.Equal(HostileCorpus.All.Count, HostileCorpus.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Predict_HostileBody_Returns4xxProblem(string name)
    {
        using var request = Request(HttpMethod.Post, "/v1/models/churn:predict", name);
        if (HostileCorpus.All.Single(c => c.Name == name).Body.Length > 1024 * 1024)
        {
            // Past the body limit the answer is a 413 sent before the body is read, and the connection may close under it.
            Assert.True(await HostileSender.SendAsync(_gateway, request) is null or HttpStatusCode.RequestEntityTooLarge);
            return;
        }

        using var response = await _gateway.SendAsync(request);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
        await Problem.ReadAsync(response);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Infer_HostileBody_Returns4xx(string name)
    {
        using var request = Request(HttpMethod.Post, "/v2/models/churn/infer", name);
        var status = await HostileSender.SendAsync(_gateway, request);
        Assert.True(status is null || (int)status is >= 400 and < 500, $"{name}: {(int?)status}");
    }

    [Theory]
    [InlineData("GET", "/v1/models/%00")]
    [InlineData("GET", "/v1/models/%E2%80%AE%F0%9F%92%A5")]
    [InlineData("GET", "/v1/models/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("POST", "/v1/models/%00:predict")]
    [InlineData("POST", "/v1/models/churn:predict:predict")]
    [InlineData("POST", "/v2/models/churn/versions/..%2F1.0.0/infer")]
    [InlineData("DELETE", "/v1/models/churn:predict")]
    [InlineData("PUT", "/v2/models/churn/infer")]
    public async Task HostilePath_Returns4xxNot5xx(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await _gateway.SendAsync(request);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Models_LongName_Returns4xxNot5xx()
    {
        using var response = await _gateway.GetAsync("/v1/models/" + new string('m', 8000));
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task Predict_AfterTheWholeCorpus_StillAnswers()
    {
        foreach (var hostile in HostileCorpus.All)
        {
            using var request = Request(HttpMethod.Post, "/v1/models/churn:predict", hostile.Name);
            await HostileSender.SendAsync(_gateway, request);
        }

        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
