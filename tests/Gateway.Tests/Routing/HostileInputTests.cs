using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Routing;

/// <summary>Malformed and hostile bodies get a 4xx problem, never a 5xx, and the gateway answers normally afterwards.</summary>
public sealed class HostileInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;

    public static TheoryData<string, string> Bodies()
    {
        var row = ChurnSamples.PredictBody(0, 1);
        return new()
        {
            { "empty", "" },
            { "truncated", row[..(row.Length / 2)] },
            { "not json", "hello" },
            { "json array", "[1, 2, 3]" },
            { "json string", "\"instances\"" },
            { "null", "null" },
            { "trailing garbage", row + "}" },
            { "two documents", row + row },
            { "comment", "/* hi */" + row },
            { "single quotes", row.Replace('"', '\'') },
            { "unquoted keys", "{instances: []}" },
            { "NaN", row.Replace("\"tenure_months\":", "\"tenure_months\":NaN,\"x\":", StringComparison.Ordinal) },
            { "Infinity", "{\"instances\": [Infinity]}" },
            { "deep nesting", new string('[', 10_000) + new string(']', 10_000) },
            { "deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500) },
            { "huge number", "{\"instances\": [{\"tenure_months\": 1" + new string('0', 400) + "}]}" },
            { "huge exponent", "{\"instances\": [{\"tenure_months\": 1e999999}]}" },
            { "lone surrogate", "{\"instances\": [{\"contract\": \"\\udc00\"}]}" },
            { "control character", "{\"instances\": [{\"contract\": \"a\u0001b\"}]}" },
            { "duplicate keys", "{\"instances\": [], \"instances\": []}" },
            { "long string", "{\"instances\": [{\"contract\": \"" + new string('x', 500_000) + "\"}]}" },
            { "many instances", "{\"instances\": [" + string.Join(",", Enumerable.Repeat("{}", 50_000)) + "]}" },
            { "wrong types", "{\"instances\": [{\"tenure_months\": \"3\", \"paperless_billing\": \"true\"}]}" },
            { "negative zero", row.Replace("\"support_calls\":", "\"support_calls\":-0,\"y\":", StringComparison.Ordinal) },
        };
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Predict_HostileBody_Returns4xxProblem(string name, string body)
    {
        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", body);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
        await Problem.ReadAsync(response);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Infer_HostileBody_Returns4xxProblem(string name, string body)
    {
        using var response = await _gateway.PostRawAsync("/v2/models/churn/infer", body);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Predict_InvalidUtf8_Returns400()
    {
        var bytes = Encoding.UTF8.GetBytes(ChurnSamples.PredictBody(0, 1)).ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'m'), new byte[] { 0xC3, 0x28 });
        var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _gateway.PostAsync("/v1/models/churn:predict", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Predict_AfterHostileBodies_StillAnswers()
    {
        foreach (var body in Bodies().Select(b => (string)b[1]))
        {
            using var _ = await _gateway.PostRawAsync("/v1/models/churn:predict", body);
        }

        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
