namespace Gateway.OpenApi;

/// <summary>Serves the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
internal static class OpenApiEndpoints
{
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/openapi/v1.json", (OpenApiDocument document) => Results.Text(document.Json, "application/json"));
        return endpoints;
    }
}
