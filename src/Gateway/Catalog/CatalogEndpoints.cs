using Gateway.Pipeline.Intake;
using Gateway.Routing;
using Gateway.Validation;
using Newtonsoft.Json.Linq;

namespace Gateway.Catalog;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{model}</c>: the served models, their API version, track versions and schemas.</summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", (SchemaRegistry catalog, TrackVersions versions) => Results.Json(new
        {
            models = catalog.Accepted.Models.Select(m => Summary(m.Key, m.Value, versions)),
        }));
        endpoints.MapGet("/v1/models/{model}", (string model, HttpContext context, TrackVersions versions, SchemaRegistry catalog) =>
        {
            // A model name has no colon: GET on ".../churn:predict" is a wrong method, not an unknown model.
            if (model.Contains(':', StringComparison.Ordinal))
            {
                return TypedResults.Problem($"GET is not allowed on {context.Request.Path}; POST a predict request.", context.Request.Path, StatusCodes.Status405MethodNotAllowed, "Method not allowed");
            }

            if (!catalog.Accepted.Models.TryGetValue(model, out var route) || !catalog.TryGet(model, Apis.V1, out var set))
            {
                return UnknownModel(context, model);
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
                    ["request_schema"] = JObject.Parse(set.Request.ToJson()),
                    ["response_schema"] = JObject.Parse(set.Response.ToJson()),
                }.ToString(Newtonsoft.Json.Formatting.None),
                "application/json");
        });

        // Predict or infer for a model that no route serves: a clear 404 rather than routing's empty one.
        endpoints.MapPost("/v1/models/{model}:predict", (string model, HttpContext context) => UnknownModel(context, model));
        return endpoints;
    }

    // Each track's version and what its manifest says of it: description, changelog, evaluation metrics.
    private static JObject TrackFacts(string model, ModelRouteOptions route, TrackVersions versions)
    {
        var tracks = new JObject();
        foreach (var (track, cluster) in new[] { (Tracks.Stable, route.StableCluster), (Tracks.Canary, route.CanaryCluster) })
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

    private static object Summary(string name, ModelRouteOptions route, TrackVersions versions) => new
    {
        name,
        description = route.Description,
        api_version = "v1",
        version = versions.Get(route.StableCluster, name),
        predict = $"/v1/models/{name}:predict",
        details = $"/v1/models/{name}",
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownModel(HttpContext context, string model) =>
        TypedResults.Problem($"Model '{model}' is not served here; GET /v1/models lists the models.", context.Request.Path, StatusCodes.Status404NotFound, "Unknown model");
}
