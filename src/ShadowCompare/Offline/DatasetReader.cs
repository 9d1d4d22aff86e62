using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShadowCompare.Offline;

/// <summary>
/// A dataset in JSON Lines: each line one <c>:predict</c> request, either a whole body (<c>{"instances":[…]}</c>) or one
/// instance, which becomes a one-row request. Blank lines are skipped; a line that is not a JSON object is an error
/// naming its line number.
/// </summary>
internal static class DatasetReader
{
    public static List<string> Read(string path)
    {
        var requests = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not JSON ({e.Message})", e);
            }

            if (node is not JsonObject body)
            {
                throw new InvalidDataException($"{path}:{number}: each line must be a JSON object (a request or one instance)");
            }

            requests.Add(body.ContainsKey("instances") ? body.ToJsonString() : new JsonObject { ["instances"] = new JsonArray(body.DeepClone()) }.ToJsonString());
        }

        return requests;
    }
}
