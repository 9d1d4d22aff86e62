using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Caching;

public sealed class ResultCacheTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;

    [Fact]
    public async Task Predict_Repeat_IsHitWithSameAnswer()
    {
        var body = ChurnSamples.PredictBody(200, 3);
        var (first, firstCache) = await PostAsync(body);
        var (second, secondCache) = await PostAsync(body);
        Assert.Equal("MISS", firstCache);
        Assert.Equal("HIT", secondCache);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Predict_RepeatWithKeysReorderedAndNumbersRewritten_IsHit()
    {
        var original = JsonNode.Parse(ChurnSamples.PredictBody(300, 1))!;
        var row = original["instances"]![0]!.AsObject();
        var reordered = new JsonObject(row.Reverse().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value!.DeepClone())));
        var rewritten = new JsonObject { ["instances"] = new JsonArray(reordered) }.ToJsonString()
            .Replace($"\"tenure_months\":{row["tenure_months"]}", $"\"tenure_months\":{row["tenure_months"]}.0e0", StringComparison.Ordinal);

        var (_, first) = await PostAsync(original.ToJsonString());
        var (_, second) = await PostAsync(rewritten);
        Assert.Equal("MISS", first);
        Assert.Equal("HIT", second);
    }

    [Fact]
    public async Task Predict_NoCache_SkipsTheLookupButStores()
    {
        var body = ChurnSamples.PredictBody(400, 1);
        await PostAsync(body);
        var (_, skipped) = await PostAsync(body, "no-cache");
        var (_, later) = await PostAsync(body);
        Assert.Equal("MISS", skipped);
        Assert.Equal("HIT", later);
    }

    [Fact]
    public async Task Predict_NoStore_IsNeverCached()
    {
        var body = ChurnSamples.PredictBody(500, 1);
        await PostAsync(body, "no-store");
        var (_, again) = await PostAsync(body);
        Assert.Equal("MISS", again);
    }

    [Fact]
    public async Task Predict_InvalidRequest_IsNotCached()
    {
        using var first = await _gateway.PostRawAsync("/v1/models/churn:predict", "{\"instances\": []}");
        using var second = await _gateway.PostRawAsync("/v1/models/churn:predict", "{\"instances\": []}");
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("MISS", second.Headers.GetValues("X-Cache").Single());
    }

    private async Task<(string Body, string Cache)> PostAsync(string body, string? cacheControl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (cacheControl is not null)
        {
            request.Headers.CacheControl = CacheControlHeaderValue.Parse(cacheControl);
        }

        using var response = await _gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Headers.GetValues("X-Cache").Single());
    }
}
