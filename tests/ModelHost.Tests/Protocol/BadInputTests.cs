using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelHost.Tests.Protocol;

public sealed class BadInputTests(BadInputTests.SmallBodyServer fixture) : IClassFixture<BadInputTests.SmallBodyServer>
{
    private readonly HttpClient _client = fixture.Server.Client;

    /// <summary>A host with a 64 KiB body cap and a 100,000-element tensor cap, so the limits are cheap to cross.</summary>
    public sealed class SmallBodyServer : IAsyncLifetime
    {
        internal LoopbackServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await ModelHostServer.StartAsync(
            RepositoryPaths.Models,
            ("ModelHost:Models:churn", "1.0.0"),
            ("ModelHost:MaxRequestBodyBytes", "65536"),
            ("ModelHost:MaxTensorElements", "100000"));

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public static TheoryData<string, string, HttpStatusCode, string> Cases()
    {
        var valid = ChurnSamples.InferBody(0, 2);
        string With(Action<JsonObject> change)
        {
            var copy = valid.DeepClone().AsObject();
            change(copy);
            return copy.ToJsonString();
        }

        JsonObject Input(JsonObject body, string name) => body["inputs"]!.AsArray().Single(i => (string)i!["name"]! == name)!.AsObject();
        const string Infer = "/v2/models/churn/infer";
        const string Predict = "/v1/models/churn:predict";
        return new()
        {
            { Infer, "", HttpStatusCode.BadRequest, "not valid JSON" },
            { Infer, "{\"inputs\": [", HttpStatusCode.BadRequest, "not valid JSON" },
            { Infer, "not json at all", HttpStatusCode.BadRequest, "not valid JSON" },
            { Infer, new string('[', 5000) + new string(']', 5000), HttpStatusCode.BadRequest, "not valid JSON" },
            { Infer, "[]", HttpStatusCode.BadRequest, "JSON object" },
            { Infer, "{}", HttpStatusCode.BadRequest, "\"inputs\" must be an array" },
            { Infer, "{\"inputs\": {}}", HttpStatusCode.BadRequest, "\"inputs\" must be an array" },
            { Infer, "{\"inputs\": [42]}", HttpStatusCode.BadRequest, "inputs[0] must be an object" },
            { Infer, "{\"id\": 5, \"inputs\": []}", HttpStatusCode.BadRequest, "\"id\" must be a string" },
            { Infer, With(b => Input(b, "contract")["datatype"] = "FP32"), HttpStatusCode.BadRequest, "datatype FP32; the model expects BYTES" },
            { Infer, With(b => Input(b, "contract")["datatype"] = "STRING"), HttpStatusCode.BadRequest, "datatype must be one of" },
            { Infer, With(b => Input(b, "tenure_months")["data"] = new JsonArray("a", "b")), HttpStatusCode.BadRequest, "is not a valid FP32" },
            { Infer, With(b => Input(b, "paperless_billing")["data"] = new JsonArray(1, 0)), HttpStatusCode.BadRequest, "is not a valid BOOL" },
            { Infer, With(b => Input(b, "tenure_months")["data"] = new JsonArray(1)), HttpStatusCode.BadRequest, "data has 1 element(s) but shape [2,1] holds 2" },
            { Infer, With(b => Input(b, "tenure_months")["data"] = new JsonArray(1, 2, 3)), HttpStatusCode.BadRequest, "more elements than the shape holds" },
            { Infer, With(b => Input(b, "tenure_months")["shape"] = new JsonArray(-1, 1)), HttpStatusCode.BadRequest, "non-negative integers" },
            { Infer, With(b => Input(b, "tenure_months")["shape"] = new JsonArray(1.5, 1)), HttpStatusCode.BadRequest, "non-negative integers" },
            { Infer, With(b => Input(b, "tenure_months")["shape"] = new JsonArray(long.MaxValue, long.MaxValue)), HttpStatusCode.BadRequest, "exceeds the limit" },
            { Infer, With(b => Input(b, "tenure_months")["shape"] = new JsonArray(1000, 1000)), HttpStatusCode.BadRequest, "exceeds the limit" },
            { Infer, With(b => Input(b, "tenure_months")["shape"] = new JsonArray(2, 1, 1)), HttpStatusCode.BadRequest, "the model expects [-1,1]" },
            { Infer, With(b => Input(b, "tenure_months")["shape"] = "2,1"), HttpStatusCode.BadRequest, "shape must be an array" },
            { Infer, With(b => Input(b, "tenure_months").Remove("data")), HttpStatusCode.BadRequest, "data is missing" },
            { Infer, With(b => Input(b, "tenure_months")["name"] = "tenure"), HttpStatusCode.BadRequest, "unknown input 'tenure'" },
            { Infer, With(b => b["inputs"]!.AsArray().RemoveAt(0)), HttpStatusCode.BadRequest, "missing input(s): tenure_months" },
            { Infer, With(b => b["inputs"]!.AsArray().Add(Input(b, "contract").DeepClone())), HttpStatusCode.BadRequest, "more than once" },
            { Infer, With(b => b["outputs"] = new JsonArray(new JsonObject { ["name"] = "nope" })), HttpStatusCode.BadRequest, "unknown output 'nope'" },
            { Infer, With(b => b["outputs"] = "all"), HttpStatusCode.BadRequest, "\"outputs\" must be an array" },
            { Infer, With(b => Input(b, "tenure_months")["data"] = new JsonArray(1e39, 1)), HttpStatusCode.BadRequest, "is not a valid FP32" },
            { Infer, valid.ToJsonString().Replace("\"tenure_months\",", "\"tenure_months\",\"x\":NaN,", StringComparison.Ordinal), HttpStatusCode.BadRequest, "not valid JSON" },
            { Infer, "{\"inputs\": [{\"name\": \"\\udc00\"}]}", HttpStatusCode.BadRequest, "" },
            { "/v2/models/nope/infer", valid.ToJsonString(), HttpStatusCode.NotFound, "model 'nope' is not served" },
            { "/v2/models/churn/versions/0.0.1/infer", valid.ToJsonString(), HttpStatusCode.NotFound, "version '1.0.0' is" },
            { Predict, "{}", HttpStatusCode.BadRequest, "\"instances\"" },
            { Predict, "{\"instances\": []}", HttpStatusCode.BadRequest, "from 1 to" },
            { Predict, "{\"instances\": [1]}", HttpStatusCode.BadRequest, "instances[0] must be an object" },
            { Predict, "{\"instances\": [{}]}", HttpStatusCode.BadRequest, "feature 'tenure_months' is missing" },
            { Predict, ChurnSamples.PredictBody(0, 1).Replace("\"month-to-month\"", "7", StringComparison.Ordinal).Replace("\"one-year\"", "7", StringComparison.Ordinal).Replace("\"two-year\"", "7", StringComparison.Ordinal), HttpStatusCode.BadRequest, "feature 'contract' must be a string" },
            { Predict, ChurnSamples.PredictBody(0, 1).Replace("true", "\"yes\"", StringComparison.Ordinal).Replace("false", "\"no\"", StringComparison.Ordinal), HttpStatusCode.BadRequest, "must be true or false" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_BadBody_Returns4xxWithError(string path, string body, HttpStatusCode expected, string message)
    {
        using var response = await _client.PostRawAsync(path, body);
        Assert.Equal(expected, response.StatusCode);
        var error = (string?)(await response.ReadObjectAsync())["error"];
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BodyOverCap_Returns413()
    {
        // Refused on Content-Length before the body is read: with Expect: 100-continue the client hears 413 before uploading.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/churn/infer")
        {
            Content = new StringContent("{\"pad\":\"" + new string('x', 70_000) + "\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverCap_Returns413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 70_000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/churn/infer") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_InvalidUtf8_Returns400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"inputs\": [{\"name\": \"tenure_months\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"\"]}]}").ToList();
        bytes.InsertRange(bytes.LastIndexOf((byte)'"'), new byte[] { 0xC3, 0x28, 0xFF });
        var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new("application/json");
        using var response = await _client.PostAsync("/v2/models/churn/infer", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Predict_AfterHostileBodies_StillAnswers()
    {
        foreach (var (path, body, _, _) in Cases().Select(c => ((string)c[0], (string)c[1], c[2], c[3])))
        {
            using var _ = await _client.PostRawAsync(path, body);
        }

        using var response = await _client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(0, 3));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
