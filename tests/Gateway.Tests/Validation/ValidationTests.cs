using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Validation;

public sealed class ValidationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;

    [Fact]
    public async Task Predict_InvalidBody_Returns400ListingEveryFailingPath()
    {
        var body = JsonNode.Parse(ChurnSamples.PredictBody(0, 2))!;
        body["instances"]![0]!.AsObject().Remove("contract");
        body["instances"]![1]!["payment_method"] = "cash";
        body["instances"]![1]!["support_calls"] = 1.5;
        body["instances"]![1]!["extra"] = 1;

        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Problem.ReadAsync(response))["errors"]!.AsArray().Select(e => ((string)e!["path"]!, (string)e["reason"]!)).ToList();
        Assert.Contains(errors, e => e.Item1 == "$.instances[0].contract" && e.Item2.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == "$.instances[1].payment_method");
        Assert.Contains(errors, e => e.Item1 == "$.instances[1].support_calls" && e.Item2.Contains("integer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Item1 == "$.instances[1].extra" && e.Item2.Contains("not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Predict_InvalidBody_NeverReachesTheBackend()
    {
        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", "{\"instances\": []}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Model-Version"));
    }

    [Fact]
    public async Task Infer_MalformedProtocolRequest_Returns400FromTheSchemaInTheProtocolsErrorShape()
    {
        using var response = await _gateway.PostRawAsync("/v2/models/churn/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [-1], \"datatype\": \"FLOAT\"}]}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OipAnswer.ReadErrorAsync(response);
        Assert.Contains("$.inputs[0].shape[0]: ", error, StringComparison.Ordinal);
        Assert.Contains("$.inputs[0].datatype: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_MoreInstancesThanMaxItems_RefusedForThatAlone_ItemsNotListed()
    {
        // 50,000 empty instances: 150 KB that, item by item, would be 400,000 missing-property failures.
        var body = "{\"instances\": [" + string.Join(",", Enumerable.Repeat("{}", 50_000)) + "]}";

        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Problem.ReadAsync(response))["errors"]!.AsArray();
        var only = Assert.Single(errors);
        Assert.Equal("$.instances", (string)only!["path"]!);
        Assert.Equal("has too many items", (string)only["reason"]!);
    }

    [Fact]
    public async Task Predict_ManyFailures_ListsTheFirstHundred_DetailSaysHowMany()
    {
        // 300 instances within maxItems, each missing all eight features: 2,400 failures.
        var body = "{\"instances\": [" + string.Join(",", Enumerable.Repeat("{}", 300)) + "]}";

        using var response = await _gateway.PostRawAsync("/v1/models/churn:predict", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(100, problem["errors"]!.AsArray().Count);
        Assert.Equal("$.instances[0].tenure_months", (string)problem["errors"]![0]!["path"]!);
        Assert.Equal("2400 problems with the body; errors lists the first 100.", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("{\"inputs\": [{\"name\": \"x\", \"shape\": [COUNT], \"datatype\": \"FP32\"}]}", 65, "$.inputs[0].shape")]
    [InlineData("{\"inputs\": [COUNT]}", 1001, "$.inputs")]
    [InlineData("{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\"}], \"outputs\": [COUNT]}", 1001, "$.outputs")]
    public async Task Infer_ArraysOverTheirLimits_RefusedNamingTheArray(string template, int count, string path)
    {
        var item = template.Contains("shape\": [COUNT]", StringComparison.Ordinal) ? "\"a\"" : "{}";
        var body = template.Replace("COUNT", string.Join(",", Enumerable.Repeat(item, count)), StringComparison.Ordinal);

        using var response = await _gateway.PostRawAsync("/v2/models/churn/infer", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OipAnswer.ReadErrorAsync(response);
        Assert.Contains($"{path}: has too many items", error, StringComparison.Ordinal);
        Assert.DoesNotContain(path + "[", error, StringComparison.Ordinal);
    }
}
