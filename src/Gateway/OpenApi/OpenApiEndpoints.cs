namespace Gateway.OpenApi;

/// <summary>Serves each public API version's OpenAPI document at <c>/openapi/{api}.json</c> (<c>/openapi/v1.json</c>, <c>/openapi/v2.json</c>…).</summary>
internal static class OpenApiEndpoints
{
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/openapi/{api:apiversion}.json", (string api, HttpContext context, OpenApiDocument document) =>
            document.Json(api.ToLowerInvariant()) is { } json
                ? Results.Text(json, "application/json")
                : TypedResults.Problem(Versioning.ApiLifecycle.NoModelOffers(api), context.Request.Path, StatusCodes.Status404NotFound, "Unknown API version"));
        return endpoints;
    }
}
