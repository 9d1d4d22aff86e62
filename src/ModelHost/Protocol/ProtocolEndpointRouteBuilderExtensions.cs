using ModelHost.Models;

namespace ModelHost.Protocol;

/// <summary>Maps the Open Inference Protocol v2 REST API and the named-feature <c>:predict</c> endpoint.</summary>
internal static class ProtocolEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapOpenInferenceProtocol(this IEndpointRouteBuilder endpoints)
    {
        var v2 = endpoints.MapGroup("/v2");
        v2.MapGet("/health/live", MetadataEndpoints.Live);
        v2.MapGet("/health/ready", MetadataEndpoints.Ready);
        v2.MapGet("/", MetadataEndpoints.Server);
        v2.MapGet("/models", MetadataEndpoints.List);
        v2.MapGet("/models/{name}", (string name, ModelRegistry r) => MetadataEndpoints.Model(name, null, r));
        v2.MapGet("/models/{name}/versions/{version}", MetadataEndpoints.Model);
        v2.MapGet("/models/{name}/ready", (string name, ModelRegistry r) => MetadataEndpoints.ModelReady(name, null, r));
        v2.MapGet("/models/{name}/versions/{version}/ready", MetadataEndpoints.ModelReady);
        v2.MapPost("/models/{name}/infer", (HttpContext c, string name, ModelRegistry r, Microsoft.Extensions.Options.IOptionsMonitor<ModelHostOptions> o) =>
            InferenceEndpoints.InferAsync(c, name, null, r, o));
        v2.MapPost("/models/{name}/versions/{version}/infer", InferenceEndpoints.InferAsync);
        endpoints.MapPost("/v1/models/{name}:predict", InferenceEndpoints.PredictAsync);
        return endpoints;
    }
}
