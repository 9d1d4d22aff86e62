using Gateway.Pipeline.Intake;
using Gateway.Backends;
using Gateway.Validation;
using Gateway.Versioning;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;

namespace Gateway.Catalog;

/// <summary>
/// <c>GET /{api}/models</c>: the models offering that public API version (<c>/v1/models</c>, <c>/v2/models</c>…); and
/// <c>GET /v1/models/{model}</c>: one model, its track versions and v1 schemas. (<c>GET /v2/models/{model}</c> is the
/// Open Inference Protocol's model metadata; a later version's schemas are in its OpenAPI document.)
/// </summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{api:apiversion}/models", (string api, HttpContext context, SchemaRegistry catalog, TrackVersions versions) =>
        {
            api = api.ToLowerInvariant();
            var offering = catalog.Accepted.Models.Where(m => catalog.TryGetApi(m.Key, api, out _)).ToList();
            return offering.Count == 0 && api != Apis.V1
                ? (IResult)UnknownApi(context, api)
                : Results.Json(new { models = offering.Select(m => Summary(m.Key, m.Value, catalog, api, versions)) });
        }).AddEndpointFilter<Access.ApiKeyFilter>();
        endpoints.MapGet("/v1/models/{model}", (string model, HttpContext context, TrackVersions versions, SchemaRegistry catalog) =>
        {
            // A model name has no colon: GET on ".../churn:predict" is a wrong method, not an unknown model.
            if (model.Contains(':', StringComparison.Ordinal))
            {
                return TypedResults.Problem($"GET is not allowed on {context.Request.Path}; POST a predict request.", context.Request.Path, StatusCodes.Status405MethodNotAllowed, "Method not allowed");
            }

            if (!catalog.Accepted.Models.TryGetValue(model, out var route))
            {
                return UnknownModel(context, model);
            }

            if (!catalog.TryGet(model, Apis.V1, out var set))
            {
                return TypedResults.Problem(ApiLifecycle.NotOffered(model, Apis.V1, catalog.Offered(model)), context.Request.Path, StatusCodes.Status404NotFound, "Unknown API version");
            }

            return Results.Text(
                new JObject
                {
                    ["name"] = model,
                    ["description"] = route.Description,
                    ["api_version"] = "v1",
                    ["predict"] = $"/v1/models/{model}:predict",
                    ["infer"] = $"/v2/models/{model}/infer",
                    ["version"] = versions.Get(route.StableCluster, model),
                    ["tracks"] = TrackFacts(model, route, versions),
                    ["api_versions"] = new JArray(catalog.Offered(model).Select(a => a.Version)),
                    ["request_schema"] = JObject.Parse(set.Request.ToJson()),
                    ["response_schema"] = JObject.Parse(set.Response.ToJson()),
                }.ToString(Newtonsoft.Json.Formatting.None),
                "application/json");
        }).AddEndpointFilter<Access.ApiKeyFilter>();

        // Predict for a model or API version no route serves: a clear 404 rather than routing's empty one.
        endpoints.MapPost("/{api:apiversion}/models/{model}:predict", (string api, string model, HttpContext context, SchemaRegistry catalog) =>
            catalog.Accepted.Models.ContainsKey(model)
                ? TypedResults.Problem(ApiLifecycle.NotOffered(model, api.ToLowerInvariant(), catalog.Offered(model)), context.Request.Path, StatusCodes.Status404NotFound, "Unknown API version")
                : UnknownModel(context, model));
        return endpoints;
    }

    // Each track's version and what its manifest says of it: description, changelog, evaluation metrics.
    private static JObject TrackFacts(string model, ModelRouteOptions route, TrackVersions versions)
    {
        var tracks = new JObject();
        foreach (var (track, cluster) in new[] { (TrackNames.Stable, route.StableCluster), (TrackNames.Canary, route.CanaryCluster) })
        {
            if (cluster.Length > 0 && versions.Get(cluster, model) is { } version)
            {
                var facts = versions.Facts(cluster, model);
                tracks[track] = new JObject
                {
                    ["version"] = version,
                    ["description"] = facts?.Description,
                    ["changelog"] = new JArray(facts?.Changelog ?? []),
                    ["metrics"] = facts?.Metrics is { } metrics ? JObject.Parse(metrics.ToJsonString()) : null,
                };
            }
        }

        return tracks;
    }

    // A v1 entry links to the model's details; a later version's to its OpenAPI document. A deprecated version says so.
    private static JsonObject Summary(string name, ModelRouteOptions route, SchemaRegistry catalog, string api, TrackVersions versions)
    {
        var summary = new JsonObject
        {
            ["name"] = name,
            ["description"] = route.Description,
            ["api_version"] = api,
            ["version"] = versions.Get(route.StableCluster, name),
            ["predict"] = $"/{api}/models/{name}:predict",
            ["details"] = api == Apis.V1 ? $"/v1/models/{name}" : $"/openapi/{api}.json",
        };
        if (catalog.TryGetApi(name, api, out var offered) && offered.Deprecated is { } deprecated)
        {
            summary["deprecated"] = deprecated;
            summary["sunset"] = offered.Sunset;
            summary["successor"] = offered.Successor;
        }

        return summary;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownApi(HttpContext context, string api) =>
        TypedResults.Problem(ApiLifecycle.NoModelOffers(api), context.Request.Path, StatusCodes.Status404NotFound, "Unknown API version");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownModel(HttpContext context, string model) =>
        TypedResults.Problem($"Model '{model}' is not served here; GET /v1/models lists the models.", context.Request.Path, StatusCodes.Status404NotFound, "Unknown model");
}
