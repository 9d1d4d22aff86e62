using System.Text.Json.Nodes;
using Gateway.Pipeline.Intake;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Gateway.Versioning;

/// <summary>
/// From API v2 on, an instance may carry an <c>id</c> of the client's choosing, and the prediction in its place carries
/// it back first, so a client can match answers to its own records without counting. The model backend never sees the
/// difference: it ignores the field, and its answer is cached (keyed without the ids) and mirrored as it gave it; the
/// ids go in on the way out.
/// </summary>
internal static class InstanceIds
{
    public const string Field = "id";

    /// <summary>Whether answers of this API echo the ids: every public API version after v1.</summary>
    public static bool Echoes(string api) => api is not (Apis.V1 or Apis.Oip);

    /// <returns>The request as the cache keys it: without the instances' ids (the request itself when none has one).</returns>
    public static JToken Without(JToken request)
    {
        if ((request as JObject)?["instances"] is not JArray instances || !instances.Any(i => i is JObject o && o[Field] is not null))
        {
            return request;
        }

        var copy = request.DeepClone();
        foreach (var instance in ((JArray)copy["instances"]!).OfType<JObject>())
        {
            instance.Remove(Field);
        }

        return copy;
    }

    /// <returns>The answer with each prediction's id, or the answer as it was when no instance has an id.</returns>
    public static byte[] Echo(byte[] answer, JToken request)
    {
        if ((request as JObject)?["instances"] is not JArray instances || !instances.Any(i => i is JObject o && o[Field] is not null))
        {
            return answer;
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(answer);
        }
        catch (System.Text.Json.JsonException)
        {
            return answer;
        }

        if (parsed?["predictions"] is not JsonArray predictions)
        {
            return answer;
        }

        for (var i = 0; i < Math.Min(instances.Count, predictions.Count); i++)
        {
            if (instances[i] is JObject instance && instance[Field] is { } id && predictions[i] is JsonObject prediction)
            {
                prediction.Remove(Field);
                prediction.Insert(0, Field, JsonNode.Parse(id.ToString(Formatting.None)));
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(parsed.ToJsonString());
    }
}
