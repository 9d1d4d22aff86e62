using System.Text.RegularExpressions;
using Gateway.Backends;
using Gateway.Protocol;
using Grpc.Core;
using Inference.Grpc;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Grpc;

/// <summary>
/// The Open Inference Protocol's gRPC form on the gateway. Server liveness, readiness and metadata are the gateway's
/// own (as on REST); model readiness, model metadata and infer become the protocol's REST request and go through the
/// gateway's pipeline (<see cref="PipelineDispatcher"/>), so the caller (its API key and user from the call's
/// metadata), its track, the cache key, mirroring, limits and metrics are exactly those of the REST call. The answer
/// comes back as the gRPC message, with <c>x-model-version</c>, <c>x-cache</c> and <c>x-request-id</c> in the response
/// headers, or as the gRPC status of the HTTP outcome (<see cref="GrpcErrors"/>).
/// </summary>
internal sealed partial class GatewayInferenceService(
    PipelineDispatcher pipeline, IOptionsMonitor<GatewayOptions> options, IProxyStateLookup proxyState) : GRPCInferenceService.GRPCInferenceServiceBase
{
    // Request headers of the gRPC call that are HTTP/2 or gRPC framing, not the caller's: they do not travel on.
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase) { "content-type", "content-length", "te", "accept-encoding" };

    // Forwarded answer headers a gRPC caller gets as response metadata.
    private static readonly string[] AnswerHeaders = [GatewayConfig.RequestIdHeader, GatewayConfig.CacheHeader, "X-Model-Version"];

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = HealthEndpoints.ModelsWithoutBackend(options.CurrentValue, proxyState).Count == 0 });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var response = new ServerMetadataResponse { Name = GatewayConfig.ServiceName, Version = OipEndpoints.ServerVersion };
        response.Extensions.AddRange(OipEndpoints.Extensions);
        return Task.FromResult(response);
    }

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        var answer = await SendAsync(context, HttpMethods.Get, ModelPath(request.Name, request.Version) + "/ready", []);
        if (answer.Status == StatusCodes.Status200OK)
        {
            return new ModelReadyResponse { Ready = true };
        }

        // The gateway's own refusals (unknown model or version, no credential) are errors; a backend's "not ready"
        // (ModelHost says it with a 404 while loading) or an unreachable track is an answer: not ready.
        var error = GrpcErrors.FromAnswer(answer);
        return error.StatusCode is StatusCode.Unauthenticated or StatusCode.ResourceExhausted
            || (error.StatusCode == StatusCode.NotFound && error.Status.Detail.StartsWith("Unknown model", StringComparison.Ordinal))
            ? throw error
            : new ModelReadyResponse { Ready = false };
    }

    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var answer = await SendAsync(context, HttpMethods.Get, ModelPath(request.Name, request.Version), []);
        return answer.Status == StatusCodes.Status200OK ? InferAnswerTranslator.Metadata(answer) : throw GrpcErrors.FromAnswer(answer);
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var path = ModelPath(request.ModelName, request.ModelVersion) + "/infer";
        if (!InferRequestTranslator.TryTranslate(request, out var body, out var contentType, out var headerLength, out _, out var invalid))
        {
            throw GrpcErrors.InvalidArgument(invalid);
        }

        var answer = await SendAsync(context, HttpMethods.Post, path, body, contentType, headerLength);
        return answer.Status == StatusCodes.Status200OK ? InferAnswerTranslator.Infer(answer) : throw GrpcErrors.FromAnswer(answer);
    }

    private async Task<DispatchedAnswer> SendAsync(ServerCallContext context, string method, string path, byte[] body, string? contentType = null, int headerLength = 0)
    {
        var call = context.GetHttpContext();
        IHeaderDictionary headers = new HeaderDictionary();
        foreach (var (name, value) in call.Request.Headers)
        {
            // The call's address was resolved once, on its way in: forwarding headers are not believed a second time.
            if (!Framing.Contains(name) && !name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) && !name.StartsWith(':')
                && !name.StartsWith("x-forwarded-", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("x-original-", StringComparison.OrdinalIgnoreCase))
            {
                headers[name] = value;
            }
        }

        if (contentType is not null)
        {
            headers.ContentType = contentType;
            headers.ContentLength = body.Length;
            if (headerLength > 0)
            {
                headers[Pipeline.Intake.ParsedBody.BinaryHeaderLength] = headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var answer = await pipeline.SendAsync(call, method, path, headers, body, context.CancellationToken);
        var metadata = new Metadata();
        foreach (var name in AnswerHeaders)
        {
            if (answer.Headers[name].ToString() is { Length: > 0 } value)
            {
                metadata.Add(name.ToLowerInvariant(), value);
            }
        }

        await context.WriteResponseHeadersAsync(metadata);
        return answer;
    }

    // Names become path segments: only a plain alphabet, so no name can reach another path.
    private static string ModelPath(string model, string version)
    {
        if (!SafeName().IsMatch(model))
        {
            throw GrpcErrors.InvalidArgument(model.Length == 0 ? "the model name is empty" : $"'{model}' is not a model name (letters, digits, '.', '_', '+', '-')");
        }

        if (version.Length > 0 && !SafeName().IsMatch(version))
        {
            throw GrpcErrors.InvalidArgument($"'{version}' is not a model version (letters, digits, '.', '_', '-', '+')");
        }

        return version.Length == 0 ? $"/v2/models/{model}" : $"/v2/models/{model}/versions/{version}";
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}\z")]
    private static partial Regex SafeName();
}
