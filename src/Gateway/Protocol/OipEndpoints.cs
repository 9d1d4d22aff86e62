using System.Reflection;
using Gateway.Backends;
using Gateway.Validation;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Protocol;

/// <summary>
/// The Open Inference Protocol's server endpoints, answered by the gateway itself: <c>GET /v2</c>,
/// <c>/v2/health/live</c> and <c>/v2/health/ready</c> (ready when every model's stable track has a healthy backend).
/// The model endpoints are routes to the tracks (<see cref="Catalog.CatalogRoutes"/>); a model no route serves gets
/// the protocol's 404 here.
/// </summary>
internal static class OipEndpoints
{
    /// <summary>The protocol extensions the gateway passes through: raw tensor bytes after a JSON header.</summary>
    public static readonly string[] Extensions = ["binary_tensor_data"];

    public static readonly string ServerVersion =
        typeof(OipEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapOpenInferenceProtocol(this IEndpointRouteBuilder endpoints)
    {
        var v2 = endpoints.MapGroup("/v2");
        v2.MapGet("/", () => Results.Json(new { name = GatewayConfig.ServiceName, version = ServerVersion, extensions = Extensions }));
        v2.MapGet("/health/live", () => Results.Json(new { live = true }));
        v2.MapGet("/health/ready", (IOptionsMonitor<GatewayOptions> options, IProxyStateLookup proxyState) =>
        {
            var ready = HealthEndpoints.ModelsWithoutBackend(options.CurrentValue, proxyState).Count == 0;
            return Results.Json(new { ready }, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        // A model that no route serves: the protocol's 404, naming the models that are served.
        v2.MapGet("/models/{model}", UnknownModelAsync);
        v2.MapGet("/models/{model}/ready", UnknownModelAsync);
        v2.MapGet("/models/{model}/versions/{version}", UnknownModelAsync);
        v2.MapGet("/models/{model}/versions/{version}/ready", UnknownModelAsync);
        v2.MapPost("/models/{model}/infer", UnknownModelAsync);
        v2.MapPost("/models/{model}/versions/{version}/infer", UnknownModelAsync);
        return endpoints;
    }

    private static Task UnknownModelAsync(string model, HttpContext context, SchemaRegistry catalog) =>
        GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown model",
            $"Model '{model}' is not served here; served: {string.Join(", ", catalog.Accepted.Models.Keys.Order(StringComparer.Ordinal))}.");
}
