using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Gateway.Tests.Infrastructure;

/// <summary>Reads an Open Inference Protocol answer, checking its media type and validating it against the protocol's schema in schemas/oip/v2.</summary>
internal static class OipAnswer
{
    private static readonly ConcurrentDictionary<string, Task<JsonSchema>> Schemas = new();

    /// <summary>The answer, valid against <c>schemas/oip/v2/{schema}.schema.json</c>.</summary>
    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, string schema)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var validator = await Schemas.GetOrAdd(schema, name =>
            JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Root, "schemas", "oip", "v2", name + ".schema.json")));
        Assert.Empty(validator.Validate(body));
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The protocol's error message: <c>{"error": "…"}</c>.</summary>
    public static async Task<string> ReadErrorAsync(HttpResponseMessage response) =>
        (string)(await ReadAsync(response, "error"))["error"]!;
}
