using System.Net;
using System.Text.Json.Nodes;
using ModelHost.Tests.Infrastructure;

namespace ModelHost.Tests.Protocol;

public sealed class OpenInferenceProtocolTests(ChurnServerFixture fixture) : IClassFixture<ChurnServerFixture>
{
    private readonly HttpClient _client = fixture.Server.Client;

    [Fact]
    public async Task HealthLive_Running_Returns200()
    {
        using var response = await _client.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)(await response.ReadObjectAsync())["live"]!);
    }

    [Fact]
    public async Task HealthReady_AfterWarmUp_Returns200()
    {
        using var response = await _client.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ServerMetadata_Get_NamesTheServer()
    {
        var body = await (await _client.GetAsync("/v2")).ReadObjectAsync();
        Assert.Equal("modelhost", (string)body["name"]!);
        Assert.NotNull(body["version"]);
        Assert.IsType<JsonArray>(body["extensions"]);
    }

    [Fact]
    public async Task ModelList_Get_ShowsServedVersion()
    {
        var models = (await (await _client.GetAsync("/v2/models")).ReadObjectAsync())["models"]!.AsArray();
        var churn = Assert.Single(models)!;
        Assert.Equal("churn", (string)churn["name"]!);
        Assert.Equal("1.1.0", (string)churn["version"]!);
        Assert.Equal("READY", (string)churn["state"]!);
    }

    [Theory]
    [InlineData("/v2/models/churn")]
    [InlineData("/v2/models/churn/versions/1.1.0")]
    public async Task ModelMetadata_ServedModel_DescribesEveryTensor(string path)
    {
        var body = await (await _client.GetAsync(path)).ReadObjectAsync();
        Assert.Equal("1.1.0", (string)body["versions"]![0]!);
        Assert.Equal("onnxruntime_onnx", (string)body["platform"]!);
        var inputs = body["inputs"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => (string)i!["datatype"]!);
        Assert.Equal(ChurnSamples.Inputs.ToDictionary(i => i.Name, i => i.Datatype), inputs);
        Assert.Equal([-1L, 1L], body["inputs"]![0]!["shape"]!.AsArray().Select(d => (long)d!));
        Assert.Contains(body["outputs"]!.AsArray(), o => (string)o!["name"]! == "Probability.output" && (string)o["datatype"]! == "FP32");
    }

    [Theory]
    [InlineData("/v2/models/churn/versions/1.0.0")]
    [InlineData("/v2/models/nope")]
    public async Task ModelMetadata_NotServed_Returns404WithError(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)(await response.ReadObjectAsync())["error"]));
    }

    [Theory]
    [InlineData("/v2/models/churn/ready", HttpStatusCode.OK)]
    [InlineData("/v2/models/churn/versions/1.1.0/ready", HttpStatusCode.OK)]
    [InlineData("/v2/models/churn/versions/9.9.9/ready", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/nope/ready", HttpStatusCode.NotFound)]
    public async Task ModelReady_Get_AnswersWithStatusCode(string path, HttpStatusCode expected)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Infer_FlatData_ReturnsEveryOutputWithIdAndVersion()
    {
        var request = ChurnSamples.InferBody(0, 3);
        request["id"] = "req-42";
        using var response = await _client.PostRawAsync("/v2/models/churn/infer", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.1.0", Assert.Single(response.Headers.GetValues("X-Model-Version")));
        var body = await response.ReadObjectAsync();
        Assert.Equal("req-42", (string)body["id"]!);
        Assert.Equal("churn", (string)body["model_name"]!);
        Assert.Equal("1.1.0", (string)body["model_version"]!);
        var outputs = body["outputs"]!.AsArray();
        Assert.Equal(["PredictedLabel.output", "Probability.output", "Score.output"], outputs.Select(o => (string)o!["name"]!).Order());
        var probability = outputs.Single(o => (string)o!["name"]! == "Probability.output")!;
        Assert.Equal([3L, 1L], probability["shape"]!.AsArray().Select(d => (long)d!));
        Assert.All(probability["data"]!.AsArray(), p => Assert.InRange((float)p!, 0f, 1f));
        var labels = outputs.Single(o => (string)o!["name"]! == "PredictedLabel.output")!;
        Assert.Equal("BOOL", (string)labels["datatype"]!);
    }

    [Fact]
    public async Task Infer_NestedData_AnswersAsFlatData()
    {
        var flat = await InferProbabilitiesAsync(ChurnSamples.InferBody(10, 4));
        var nested = await InferProbabilitiesAsync(ChurnSamples.InferBody(10, 4, nested: true));
        Assert.Equal(flat, nested);
    }

    [Fact]
    public async Task Infer_OutputsSubset_ReturnsOnlyThose()
    {
        var request = ChurnSamples.InferBody(0, 2);
        request["outputs"] = new JsonArray(new JsonObject { ["name"] = "Score.output" });
        var body = await (await _client.PostRawAsync("/v2/models/churn/versions/1.1.0/infer", request)).ReadObjectAsync();
        Assert.Equal("Score.output", (string)Assert.Single(body["outputs"]!.AsArray())!["name"]!);
    }

    [Fact]
    public async Task Predict_NamedFeatures_MatchesInferOverTensors()
    {
        using var response = await _client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(20, 5));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.1.0", Assert.Single(response.Headers.GetValues("X-Model-Version")));
        var body = await response.ReadObjectAsync();
        var predictions = body["predictions"]!.AsArray();
        Assert.Equal(5, predictions.Count);
        Assert.Equal("1.1.0", (string)body["model"]!["version"]!);
        var fromInfer = await InferProbabilitiesAsync(ChurnSamples.InferBody(20, 5));
        Assert.Equal(fromInfer, predictions.Select(p => (float)p!["probability"]!));
        Assert.All(predictions, p => Assert.Equal((float)p!["probability"]! > 0.5f, (bool)p["churn"]!));
    }

    [Fact]
    public async Task UnknownPath_Get_Returns404Json()
    {
        using var response = await _client.GetAsync("/v2/nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("/v2/nothing/here", (string)(await response.ReadObjectAsync())["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_WrongMethod_Returns405Json()
    {
        using var response = await _client.GetAsync("/v2/models/churn/infer");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["error"]);
    }

    [Fact]
    public async Task Metrics_AfterInference_ExposesModelHostInstruments()
    {
        using var _ = await _client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 1));
        var text = await _client.GetStringAsync("/metrics");
        Assert.Contains("modelhost_inference_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("modelhost_batch_size", text, StringComparison.Ordinal);
        Assert.Contains("model=\"churn\"", text, StringComparison.Ordinal);
    }

    private async Task<float[]> InferProbabilitiesAsync(JsonObject request)
    {
        var body = await (await _client.PostRawAsync("/v2/models/churn/infer", request)).ReadObjectAsync();
        var probability = body["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "Probability.output")!;
        return [.. probability["data"]!.AsArray().Select(p => (float)p!)];
    }
}
