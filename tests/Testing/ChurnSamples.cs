using System.Text.Json.Nodes;

namespace Testing;

/// <summary>Rows of the shipped churn evaluation set, as <c>:predict</c> instances and as protocol tensors.</summary>
public static class ChurnSamples
{
    private static readonly Lazy<JsonObject[]> Rows = new(() =>
        [.. File.ReadLines(RepositoryPaths.ChurnEvaluationSet).Select(l => JsonNode.Parse(l)!.AsObject())]);

    public static IReadOnlyList<JsonObject> All => Rows.Value;

    /// <summary>Row <paramref name="index"/> (cycling through the set) as one <c>:predict</c> instance, a line of a job's dataset.</summary>
    public static string InstanceLine(int index) => Features(All[index % All.Count]).ToJsonString();

    public static string PredictBody(int skip, int count) =>
        new JsonObject { ["instances"] = new JsonArray([.. All.Skip(skip).Take(count).Select(Features)]) }.ToJsonString();

    /// <summary>The same rows as a protocol infer request: one [n,1] tensor per feature, data flat or nested.</summary>
    public static JsonObject InferBody(int skip, int count, bool nested = false, IEnumerable<string>? without = null)
    {
        var rows = All.Skip(skip).Take(count).ToList();
        var inputs = new JsonArray();
        foreach (var (name, datatype) in Inputs.Where(i => without?.Contains(i.Name) != true))
        {
            var values = rows.Select(r => r[name]!.DeepClone()).ToList();
            inputs.Add(new JsonObject
            {
                ["name"] = name,
                ["datatype"] = datatype,
                ["shape"] = new JsonArray(count, 1),
                ["data"] = nested
                    ? new JsonArray([.. values.Select(v => new JsonArray(v))])
                    : new JsonArray([.. values]),
            });
        }

        return new JsonObject { ["inputs"] = inputs };
    }

    public static readonly (string Name, string Datatype)[] Inputs =
    [
        ("tenure_months", "FP32"), ("monthly_charges", "FP32"), ("total_charges", "FP32"), ("support_calls", "FP32"),
        ("contract", "BYTES"), ("payment_method", "BYTES"), ("paperless_billing", "BOOL"), ("senior_citizen", "BOOL"),
    ];

    private static JsonObject Features(JsonObject row)
    {
        var copy = row.DeepClone().AsObject();
        copy.Remove("churned");
        return copy;
    }
}
