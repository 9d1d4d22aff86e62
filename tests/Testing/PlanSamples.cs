using System.Text.Json.Nodes;

namespace Testing;

/// <summary>Predict bodies for the plan model, from its evaluation set without the label.</summary>
public static class PlanSamples
{
    public static string PredictBody(int rows)
    {
        var instances = File.ReadLines(Path.Combine(RepositoryPaths.Root, "data", "plan", "eval.jsonl")).Take(rows).Select(line =>
        {
            var row = JsonNode.Parse(line)!.AsObject();
            row.Remove("chosen_plan");
            return (JsonNode)row;
        });
        return new JsonObject { ["instances"] = new JsonArray([.. instances]) }.ToJsonString();
    }
}
