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
    public async Task Infer_MalformedProtocolRequest_Returns400FromTheSchema()
    {
        using var response = await _gateway.PostRawAsync("/v2/models/churn/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [-1], \"datatype\": \"FLOAT\"}]}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await Problem.ReadAsync(response))["errors"]!.AsArray().Select(e => (string)e!["path"]!).ToList();
        Assert.Contains("$.inputs[0].shape[0]", paths);
        Assert.Contains("$.inputs[0].datatype", paths);
    }
}
