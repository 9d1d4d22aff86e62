using System.Net;
using Grpc.Core;
using Gateway.Tests.Canary;
using Inference.Grpc;

namespace Gateway.Tests.Grpc;

/// <summary>
/// The gateway's gRPC form, called by a client generated from the proto: every RPC, typed and raw contents, the
/// caller's track from the call's metadata, the cache shared with REST, and each refusal's gRPC status.
/// </summary>
public sealed class GatewayGrpcTests(CanaryFixture fixture) : IClassFixture<CanaryFixture>
{
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _grpc = fixture.Grpc.Client;
    private readonly HttpClient _rest = fixture.Gateway.Client;

    [Fact]
    public async Task ServerHealthAndMetadata_AreTheGateways()
    {
        Assert.True((await _grpc.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await _grpc.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var metadata = await _grpc.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("gateway", metadata.Name);
        Assert.Contains("binary_tensor_data", metadata.Extensions);
    }

    [Fact]
    public async Task ModelMetadataAndReady_FollowTheCallersTrack()
    {
        Assert.True((await _grpc.ModelReadyAsync(new ModelReadyRequest { Name = "churn" })).Ready);
        var stable = await _grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "churn" });
        Assert.Equal([CanaryFixture.StableVersion], stable.Versions);
        Assert.Contains(stable.Inputs, i => i.Name == "tenure_months" && i.Datatype == "FP32");

        var canary = await _grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "churn" }, Caller(CanaryFixture.TesterKey, ("x-canary", "always")));
        Assert.Equal([CanaryFixture.CanaryVersion], canary.Versions);

        var pinned = await _grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "churn", Version = CanaryFixture.CanaryVersion }, Caller(CanaryFixture.TesterKey, ("x-canary", "always")));
        Assert.Equal([CanaryFixture.CanaryVersion], pinned.Versions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ModelInfer_SameAnswerAsRestThroughTheGateway(bool raw)
    {
        var body = ChurnSamples.InferBody(40 + (raw ? 5 : 0), 5);
        var rest = await (await _rest.PostRawAsync("/v2/models/churn/infer", body)).ReadObjectAsync();
        var expected = rest["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "Probability.output")!["data"]!.AsArray().Select(v => (float)v!);

        var request = OipGrpc.FromJson("churn", body, raw);
        using var call = _grpc.ModelInferAsync(request);
        var answer = await call.ResponseAsync;

        Assert.Equal(CanaryFixture.StableVersion, answer.ModelVersion);
        Assert.Equal(raw, answer.RawOutputContents.Count > 0);
        Assert.Equal(expected, OipGrpc.Fp32(answer, "Probability.output"));
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal(CanaryFixture.StableVersion, headers.GetValue("x-model-version"));
        Assert.False(string.IsNullOrEmpty(headers.GetValue("x-request-id")));
    }

    [Fact]
    public async Task ModelInfer_SharesTheCacheWithRest()
    {
        var body = ChurnSamples.InferBody(60, 3);
        using (var first = _grpc.ModelInferAsync(OipGrpc.FromJson("churn", body)))
        {
            await first.ResponseAsync;
            Assert.Equal("MISS", (await first.ResponseHeadersAsync).GetValue("x-cache"));
        }

        using var rest = await _rest.PostRawAsync("/v2/models/churn/infer", body);
        Assert.Equal("HIT", rest.Headers.GetValues("X-Cache").Single());

        using var again = _grpc.ModelInferAsync(OipGrpc.FromJson("churn", body));
        await again.ResponseAsync;
        Assert.Equal("HIT", (await again.ResponseHeadersAsync).GetValue("x-cache"));
    }

    [Fact]
    public async Task ModelInfer_CallerFromMetadata_SameTrackAsItsRestCalls()
    {
        var admin = fixture.Gateway.Admin();
        await admin.SetCanaryAsync(50);
        try
        {
            var tracks = new HashSet<string>();
            for (var user = 0; user < 16; user++)
            {
                var headers = Caller(GatewayServer.TrustedApiKey, ("x-user-id", $"grpc-user-{user}"));
                var body = ChurnSamples.InferBody(user, 1);
                using var call = _grpc.ModelInferAsync(OipGrpc.FromJson("churn", body), headers);
                var viaGrpc = (await call.ResponseAsync).ModelVersion;

                using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/churn/infer") { Content = new StringContent(ChurnSamples.InferBody(user + 100, 1).ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Api-Key", GatewayServer.TrustedApiKey);
                request.Headers.Add("X-User-Id", $"grpc-user-{user}");
                using var viaRest = await _rest.SendAsync(request);
                Assert.Equal(viaRest.Headers.GetValues("X-Model-Version").Single(), viaGrpc);
                tracks.Add(viaGrpc);
            }

            Assert.Equal(2, tracks.Count);
        }
        finally
        {
            await admin.SetCanaryAsync(0);
        }
    }

    [Fact]
    public async Task ModelInfer_NamedVersion_GoesToTheTrackServingIt()
    {
        var request = OipGrpc.FromJson("churn", ChurnSamples.InferBody(0, 1));
        request.ModelVersion = CanaryFixture.CanaryVersion;
        Assert.Equal(CanaryFixture.CanaryVersion, (await _grpc.ModelInferAsync(request, Caller(CanaryFixture.TesterKey, ("x-canary", "always")))).ModelVersion);
        var notOnCanary = await Assert.ThrowsAsync<RpcException>(() => _grpc.ModelInferAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notOnCanary.StatusCode);

        request.ModelVersion = "9.9.9";
        var error = await Assert.ThrowsAsync<RpcException>(() => _grpc.ModelInferAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains($"{CanaryFixture.StableVersion} (stable)", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, StatusCode, string> Refusals() => new()
    {
        { "unknown input", StatusCode.InvalidArgument, "unknown input 'not_an_input'" },
        { "schema", StatusCode.InvalidArgument, "$.inputs[0].datatype" },
        { "nan", StatusCode.InvalidArgument, "is not a finite number" },
        { "no contents", StatusCode.InvalidArgument, "has no contents" },
        { "raw count", StatusCode.InvalidArgument, "raw_input_contents has 1 entries" },
        { "unknown model", StatusCode.NotFound, "'nope'" },
        { "path in name", StatusCode.InvalidArgument, "is not a model name" },
        { "empty name", StatusCode.InvalidArgument, "the model name is empty" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ModelInfer_Refused_StatusAndReason(string fault, StatusCode code, string reason)
    {
        var request = OipGrpc.FromJson("churn", ChurnSamples.InferBody(0, 2));
        var first = request.Inputs[0];
        switch (fault)
        {
            case "unknown input": first.Name = "not_an_input"; break;
            case "schema": first.Datatype = "FLOAT"; break;
            case "nan": first.Contents.Fp32Contents[0] = float.NaN; break;
            case "no contents": first.Contents = null; break;
            case "raw count": request.RawInputContents.Add(Google.Protobuf.ByteString.CopyFrom(new byte[8])); break;
            case "unknown model": request.ModelName = "nope"; break;
            case "path in name": request.ModelName = "churn/versions/1.0.0"; break;
            case "empty name": request.ModelName = ""; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _grpc.ModelInferAsync(request).ResponseAsync);
        Assert.Equal(code, error.StatusCode);
        Assert.Contains(reason, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiKey_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _grpc.ModelInferAsync(OipGrpc.FromJson("churn", ChurnSamples.InferBody(0, 1)), Caller("not-a-key-0123456789")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task RateLimitUsedUp_ResourceExhausted()
    {
        var codes = new List<StatusCode>();
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await _grpc.ModelInferAsync(OipGrpc.FromJson("churn", ChurnSamples.InferBody(200 + i, 1)), Caller(CanaryFixture.SlowKey));
                codes.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                codes.Add(e.StatusCode);
            }
        }

        Assert.Equal(StatusCode.OK, codes[0]);
        Assert.Contains(StatusCode.ResourceExhausted, codes);
    }

    [Fact]
    public async Task Reflection_ListsTheInferenceService() =>
        Assert.Contains("inference.GRPCInferenceService", await fixture.Grpc.ListServicesAsync());

    [Fact]
    public async Task AdminApi_NotServedOnTheGrpcPort()
    {
        using var h2c = new HttpClient { BaseAddress = new Uri(fixture.GrpcUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/models/churn") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayServer.AdminToken);
        using var response = await h2c.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Metadata Caller(string apiKey, params (string Name, string Value)[] more)
    {
        var headers = new Metadata { { "x-api-key", apiKey } };
        foreach (var (name, value) in more)
        {
            headers.Add(name, value);
        }

        return headers;
    }
}
