using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShadowCompare.Retention;

/// <summary>
/// Replaces the values of named input fields with <c>"[redacted]"</c> before a comparison is stored
/// (<c>ShadowCompare:Models:{model}:RedactInputs</c>): a named feature of each <c>:predict</c> instance, or the data of
/// a named Open Inference Protocol input. The shadow was called with the whole input; only what is kept is redacted.
/// </summary>
internal static class InputRedaction
{
    public const string Mark = "[redacted]";

    public static string Redact(string input, IReadOnlyCollection<string> fields)
    {
        if (fields.Count == 0)
        {
            return input;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(input);
        }
        catch (JsonException)
        {
            return input;
        }

        if (root?["instances"] is JsonArray instances)
        {
            foreach (var instance in instances.OfType<JsonObject>())
            {
                foreach (var field in fields.Where(instance.ContainsKey))
                {
                    instance[field] = Mark;
                }
            }
        }

        if (root?["inputs"] is JsonArray tensors)
        {
            foreach (var tensor in tensors.OfType<JsonObject>().Where(t => t["name"]?.GetValueKind() == JsonValueKind.String && fields.Contains((string)t["name"]!)))
            {
                tensor["data"] = Mark;
            }
        }

        return root?.ToJsonString() ?? input;
    }
}
