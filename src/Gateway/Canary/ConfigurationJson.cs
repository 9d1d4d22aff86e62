using System.Text.Json.Nodes;

namespace Gateway.Canary;

/// <summary>Turns configuration back into JSON: a section whose children are numbered 0..n-1 becomes an array, and leaves are strings.</summary>
internal static class ConfigurationJson
{
    public static JsonNode? ToJson(IConfiguration configuration)
    {
        var children = configuration.GetChildren().ToList();
        if (children.Count == 0)
        {
            return configuration is IConfigurationSection { Value: { } value } ? JsonValue.Create(value) : null;
        }

        if (children.Select(c => c.Key).Order().SequenceEqual(Enumerable.Range(0, children.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order()))
        {
            return new JsonArray([.. children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(ToJson)]);
        }

        var result = new JsonObject();
        foreach (var child in children)
        {
            result[child.Key] = ToJson(child);
        }

        return result;
    }
}
