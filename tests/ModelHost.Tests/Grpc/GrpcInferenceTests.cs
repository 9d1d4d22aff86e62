using System.Text.Json.Nodes;
using Grpc.Core;
using Inference.Grpc;

namespace ModelHost.Tests.Grpc;

/// <summary>
/// A real ModelHost serving churn 1.1.0 with its gRPC listener, called by a client generated from the proto. Messages
/// are capped at 16 KiB here, as MaxRequestBodyBytes caps them.
/// </summary>
public sealed class GrpcInferenceTests : IAsyncLifetime
{
    private readonly string _grpcUrl = OipGrpc.NewUrl();
    private LoopbackServer _server = null!;
    private OipGrpc _grpc = null!;

    public async Task InitializeAsync()
    {
        _server = await ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"), ("ModelHost:GrpcUrls", _grpcUrl), ("ModelHost:MaxRequestBodyBytes", "16384"));
        _grpc = new OipGrpc(_grpcUrl);
    }

    public async Task DisposeAsync()
    {
        _grpc.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ServerHealthAndMetadata_Answer()
    {
        Assert.True((await _grpc.Client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await _grpc.Client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var metadata = await _grpc.Client.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("modelhost", metadata.Name);
        Assert.NotEmpty(metadata.Version);
    }

    [Fact]
    public async Task ModelReadyAndMetadata_MatchTheRestAnswers()
    {
        Assert.True((await _grpc.Client.ModelReadyAsync(new ModelReadyRequest { Name = "churn" })).Ready);
        Assert.True((await _grpc.Client.ModelReadyAsync(new ModelReadyRequest { Name = "churn", Version = "1.1.0" })).Ready);

        var metadata = await _grpc.Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "churn" });
        var rest = await (await _server.Client.GetAsync("/v2/models/churn")).ReadObjectAsync();
        Assert.Equal(["1.1.0"], metadata.Versions);
        Assert.Equal((string)rest["platform"]!, metadata.Platform);
        Assert.Equal(Describe(rest["inputs"]!.AsArray()), metadata.Inputs.Select(i => $"{i.Name}:{i.Datatype}:[{string.Join(",", i.Shape)}]"));
        Assert.Equal(Describe(rest["outputs"]!.AsArray()), metadata.Outputs.Select(o => $"{o.Name}:{o.Datatype}:[{string.Join(",", o.Shape)}]"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ModelInfer_TypedOrRawContents_SameProbabilitiesAsRest(bool raw)
    {
        var body = ChurnSamples.InferBody(20, 5);
        var rest = await (await _server.Client.PostRawAsync("/v2/models/churn/infer", body)).ReadObjectAsync();
        var expected = rest["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "Probability.output")!["data"]!.AsArray().Select(v => (float)v!);

        var request = OipGrpc.FromJson("churn", body, raw);
        request.Id = "call-7";
        var answer = await _grpc.Client.ModelInferAsync(request);

        Assert.Equal("churn", answer.ModelName);
        Assert.Equal("1.1.0", answer.ModelVersion);
        Assert.Equal("call-7", answer.Id);
        Assert.Equal(raw, answer.RawOutputContents.Count > 0);
        Assert.Equal(expected, OipGrpc.Fp32(answer, "Probability.output"));
        Assert.Equal([5L, 1L], answer.Outputs.Single(o => o.Name == "Probability.output").Shape);
    }

    [Fact]
    public async Task ModelInfer_RequestedOutputOnly_AnswersThatOutput()
    {
        var request = OipGrpc.FromJson("churn", ChurnSamples.InferBody(0, 2));
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "Probability.output" });
        var answer = await _grpc.Client.ModelInferAsync(request);
        Assert.Equal(["Probability.output"], answer.Outputs.Select(o => o.Name));
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "unknown input", "unknown input 'not_an_input'" },
        { "wrong count", "holds 3 element(s) but the shape holds 2" },
        { "raw and typed", "raw_input_contents has 1 entries for 8 input(s)" },
        { "huge shape", "exceeds the limit of" },
        { "negative shape", "non-negative" },
        { "missing input", "missing input(s): support_calls" },
        { "no contents", "has no contents" },
        { "unknown datatype", "datatype must be one of" },
        { "unknown output", "unknown output 'nope'" },
        { "bad utf8", "not valid UTF-8" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ModelInfer_BadRequest_InvalidArgumentSayingWhy(string fault, string reason)
    {
        var request = OipGrpc.FromJson("churn", ChurnSamples.InferBody(0, 2));
        var first = request.Inputs[0];
        switch (fault)
        {
            case "unknown input": first.Name = "not_an_input"; break;
            case "wrong count": first.Contents.Fp32Contents.Add(1f); break;
            case "raw and typed": request.RawInputContents.Add(Google.Protobuf.ByteString.CopyFrom(new byte[8])); break;
            case "huge shape": first.Shape[0] = 1L << 40; break;
            case "negative shape": first.Shape[0] = -2; break;
            case "missing input": request.Inputs.Remove(request.Inputs.Single(i => i.Name == "support_calls")); break;
            case "no contents": first.Contents = null; break;
            case "unknown datatype": first.Datatype = "FLOAT"; break;
            case "unknown output": request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "nope" }); break;
            case "bad utf8":
                var text = request.Inputs.First(i => i.Datatype == "BYTES");
                text.Contents.BytesContents[0] = Google.Protobuf.ByteString.CopyFrom(0xC3, 0x28);
                break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _grpc.Client.ModelInferAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(reason, error.Status.Detail, StringComparison.Ordinal);

        // Nothing changed: the model still answers.
        Assert.True((await _grpc.Client.ModelReadyAsync(new ModelReadyRequest { Name = "churn" })).Ready);
    }

    [Theory]
    [InlineData("nope", "")]
    [InlineData("churn", "9.9.9")]
    public async Task UnknownModelOrVersion_NotFound(string model, string version)
    {
        var request = OipGrpc.FromJson(model, ChurnSamples.InferBody(0, 1));
        request.ModelVersion = version;
        var infer = await Assert.ThrowsAsync<RpcException>(() => _grpc.Client.ModelInferAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, infer.StatusCode);
        var metadata = await Assert.ThrowsAsync<RpcException>(() => _grpc.Client.ModelMetadataAsync(new ModelMetadataRequest { Name = model, Version = version }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, metadata.StatusCode);
        var ready = await Assert.ThrowsAsync<RpcException>(() => _grpc.Client.ModelReadyAsync(new ModelReadyRequest { Name = model, Version = version }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ready.StatusCode);
    }

    [Fact]
    public async Task ModelInfer_MessageOverTheCap_ResourceExhausted()
    {
        var request = OipGrpc.FromJson("churn", ChurnSamples.InferBody(0, 1000));
        Assert.True(request.CalculateSize() > 16384);
        var error = await Assert.ThrowsAsync<RpcException>(() => _grpc.Client.ModelInferAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task GrpcUrlWithoutItsPort_StopsStartNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ModelHostServer.StartAsync(RepositoryPaths.Models, ("ModelHost:Models:churn", "1.1.0"), ("ModelHost:GrpcUrls", "http://127.0.0.1")));
        Assert.Contains("ModelHost:GrpcUrls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyModelName_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _grpc.Client.ModelInferAsync(new ModelInferRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Reflection_ListsTheInferenceService() =>
        Assert.Contains("inference.GRPCInferenceService", await _grpc.ListServicesAsync());

    [Fact]
    public async Task RestPort_StillServesRest()
    {
        using var response = await _server.Client.GetAsync("/v2/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static IEnumerable<string> Describe(JsonArray tensors) =>
        tensors.Select(t => $"{(string)t!["name"]!}:{(string)t["datatype"]!}:[{string.Join(",", t["shape"]!.AsArray().Select(d => (long)d!))}]");
}
