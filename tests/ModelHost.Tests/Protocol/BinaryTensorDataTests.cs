using System.Net;
using System.Text.Json.Nodes;
using ModelHost.Tests.Infrastructure;

namespace ModelHost.Tests.Protocol;

public sealed class BinaryTensorDataTests(ChurnServerFixture fixture) : IClassFixture<ChurnServerFixture>
{
    private readonly HttpClient _client = fixture.Server.Client;

    [Fact]
    public async Task Infer_BinaryInputsOfEveryChurnDatatype_AnswersAsJsonInputs()
    {
        var json = await ProbabilitiesFromJsonAsync(5, 6);
        using var response = await _client.PostAsync("/v2/models/churn/infer", BinaryRequests.ChurnInfer(5, 6, binaryOutput: false));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        var probability = body["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "Probability.output")!;
        Assert.Equal(json, probability["data"]!.AsArray().Select(v => (float)v!));
    }

    [Fact]
    public async Task Infer_BinaryDataOutput_ReturnsRawOutputsAfterHeader()
    {
        var json = await ProbabilitiesFromJsonAsync(0, 4);
        using var response = await _client.PostAsync("/v2/models/churn/infer", BinaryRequests.ChurnInfer(0, 4, binaryOutput: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (header, outputs) = await BinaryRequests.ReadAsync(response);
        Assert.Equal("churn", (string)header["model_name"]!);
        var probabilities = Enumerable.Range(0, 4).Select(i => BitConverter.ToSingle(outputs["Probability.output"], i * 4));
        Assert.Equal(json, probabilities);
        Assert.All(outputs["PredictedLabel.output"], b => Assert.InRange(b, (byte)0, (byte)1));
    }

    [Fact]
    public async Task Infer_OneOutputAsBinary_OthersStayJson()
    {
        var header = ChurnSamples.InferBody(0, 2);
        header["outputs"] = new JsonArray(
            new JsonObject { ["name"] = "Score.output", ["parameters"] = new JsonObject { ["binary_data"] = true } },
            new JsonObject { ["name"] = "Probability.output" });
        using var response = await _client.PostAsync("/v2/models/churn/infer", BinaryRequests.Content(header));
        var (body, outputs) = await BinaryRequests.ReadAsync(response);
        Assert.Equal(["Score.output"], outputs.Keys);
        Assert.NotNull(body["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "Probability.output")!["data"]);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "size-mismatch", "take 8" },
        { "leftover", "follow the last input" },
        { "past-end", "only" },
        { "bad-bool", "bytes 0 or 1" },
        { "bad-strings", "runs past the binary data" },
        { "negative-size", "non-negative integer" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Infer_BadBinaryData_Returns400Naming(string kind, string message)
    {
        var header = ChurnSamples.InferBody(0, 2);
        var tenure = header["inputs"]!.AsArray().Single(i => (string)i!["name"]! == "tenure_months")!.AsObject();
        var billing = header["inputs"]!.AsArray().Single(i => (string)i!["name"]! == "paperless_billing")!.AsObject();
        var contract = header["inputs"]!.AsArray().Single(i => (string)i!["name"]! == "contract")!.AsObject();
        byte[][] blobs;
        switch (kind)
        {
            case "size-mismatch":
                Binary(tenure, 4);
                blobs = [new byte[4]];
                break;
            case "leftover":
                Binary(tenure, 8);
                blobs = [new byte[12]];
                break;
            case "past-end":
                Binary(tenure, 8);
                blobs = [new byte[3]];
                break;
            case "bad-bool":
                Binary(billing, 2);
                blobs = [[1, 2]];
                break;
            case "bad-strings":
                Binary(contract, 6);
                blobs = [[200, 0, 0, 0, 65, 66]];
                break;
            default:
                Binary(tenure, -8);
                blobs = [];
                break;
        }

        using var response = await _client.PostAsync("/v2/models/churn/infer", BinaryRequests.Content(header, blobs));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (string)(await response.ReadObjectAsync())["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_HeaderLengthPastBody_Returns400()
    {
        var content = BinaryRequests.Content(ChurnSamples.InferBody(0, 1));
        content.Headers.Remove("Inference-Header-Content-Length");
        content.Headers.Add("Inference-Header-Content-Length", "999999");
        using var response = await _client.PostAsync("/v2/models/churn/infer", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Inference-Header-Content-Length", (string)(await response.ReadObjectAsync())["error"]!, StringComparison.Ordinal);
    }

    private static void Binary(JsonObject input, int size)
    {
        input.Remove("data");
        input["parameters"] = new JsonObject { ["binary_data_size"] = size };
    }

    private async Task<float[]> ProbabilitiesFromJsonAsync(int skip, int count)
    {
        var body = await (await _client.PostRawAsync("/v2/models/churn/infer", ChurnSamples.InferBody(skip, count))).ReadObjectAsync();
        return [.. body["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "Probability.output")!["data"]!.AsArray().Select(v => (float)v!)];
    }
}
