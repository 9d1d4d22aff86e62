using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Routing;

public sealed class GatewayPipelineTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _gateway = fixture.Gateway.Client;
    private readonly HttpClient _direct = fixture.ModelHost.Client;

    [Fact]
    public async Task Predict_ValidRequest_SameAnswerAsModelHostDirectly()
    {
        var body = ChurnSamples.PredictBody(100, 4);
        using var viaGateway = await _gateway.PostRawAsync("/v1/models/churn:predict", body);
        using var direct = await _direct.PostRawAsync("/v1/models/churn:predict", body);

        Assert.Equal(HttpStatusCode.OK, viaGateway.StatusCode);
        Assert.Equal(await direct.Content.ReadAsStringAsync(), await viaGateway.Content.ReadAsStringAsync());
        Assert.Equal("1.1.0", viaGateway.Headers.GetValues("X-Model-Version").Single());
        Assert.Equal("MISS", viaGateway.Headers.GetValues("X-Cache").Single());
    }

    [Fact]
    public async Task Infer_OpenInferenceProtocol_PassesThrough()
    {
        var body = ChurnSamples.InferBody(7, 2).ToJsonString();
        using var viaGateway = await _gateway.PostRawAsync("/v2/models/churn/infer", body);
        using var direct = await _direct.PostRawAsync("/v2/models/churn/infer", body);

        Assert.Equal(HttpStatusCode.OK, viaGateway.StatusCode);
        Assert.Equal(await direct.Content.ReadAsStringAsync(), await viaGateway.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Predict_CallerRequestId_EchoedBack()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict") { Content = Json(ChurnSamples.PredictBody(0, 1)) };
        request.Headers.Add("X-Request-Id", "caller-123");
        using var response = await _gateway.SendAsync(request);
        Assert.Equal("caller-123", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Predict_NoOrUnsafeRequestId_OneIsGenerated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict") { Content = Json(ChurnSamples.PredictBody(0, 1)) };
        request.Headers.TryAddWithoutValidation("X-Request-Id", "bad id\twith spaces");
        using var response = await _gateway.SendAsync(request);
        var id = response.Headers.GetValues("X-Request-Id").Single();
        Assert.NotEqual("bad id\twith spaces", id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task Predict_WrongContentType_Returns415Problem()
    {
        using var response = await _gateway.PostAsync("/v1/models/churn:predict", new StringContent(ChurnSamples.PredictBody(0, 1), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("text/plain", (string)(await Problem.ReadAsync(response))["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_BodyOverOneMebibyte_Returns413Problem()
    {
        // The gateway refuses on Content-Length without reading the body. A client that sends Expect: 100-continue
        // hears the 413 before uploading; one that streams a megabyte regardless may see the connection closed instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = Json("{\"pad\":\"" + new string('x', 1_100_000) + "\"}"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await _gateway.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await Problem.ReadAsync(response);
    }

    [Fact]
    public async Task Predict_UnknownModel_Returns404ProblemNamingIt()
    {
        using var response = await _gateway.PostRawAsync("/v1/models/nope:predict", ChurnSamples.PredictBody(0, 1));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'nope'", (string)(await Problem.ReadAsync(response))["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PredictRoute_Returns405Problem()
    {
        using var response = await _gateway.GetAsync("/v1/models/churn:predict");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await Problem.ReadAsync(response);
    }

    [Fact]
    public async Task Infer_SchemaValidButModelRefuses_Returns400WithModelsReason()
    {
        var body = ChurnSamples.InferBody(0, 1);
        body["inputs"]![0]!["name"] = "not_an_input";
        using var response = await _gateway.PostRawAsync("/v2/models/churn/infer", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown input 'not_an_input'", await OipAnswer.ReadErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Endpoints_Answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/readyz")).StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
