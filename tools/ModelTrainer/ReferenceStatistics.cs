using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelTrainer;

/// <summary>
/// The <c>reference</c> section of a version's manifest: how each of its input features is distributed over the
/// evaluation set, which ShadowCompare measures live inputs against (drift; see docs/model-store.md). A number's
/// cut points are its 5 % quantiles (repeats removed), with the share of rows in each bin they make; a string's or a
/// boolean's, the share of rows per value.
/// </summary>
internal static class ReferenceStatistics
{
    private const int Quantiles = 20;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Sets the reference of the manifest at <paramref name="manifestPath"/>, leaving its other keys as they are.</summary>
    public static void WriteInto(string manifestPath, string datasetPath, string dataset, string[] features)
    {
        var rows = File.ReadLines(datasetPath).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["reference"] = Compute(rows, features, dataset);
        File.WriteAllText(manifestPath, manifest.ToJsonString(Indented) + "\n");
    }

    private static JsonObject Compute(List<JsonObject> rows, string[] features, string dataset)
    {
        var statistics = new JsonObject();
        foreach (var feature in features)
        {
            var values = rows.Select(r => r[feature]).ToList();
            statistics[feature] = values.All(v => v?.GetValueKind() == JsonValueKind.Number)
                ? Numeric([.. values.Select(v => v!.GetValue<double>()).Order()])
                : Categorical(values);
        }

        return new JsonObject { ["dataset"] = dataset, ["rows"] = rows.Count, ["features"] = statistics };
    }

    private static JsonObject Numeric(List<double> sorted)
    {
        var cuts = Enumerable.Range(1, Quantiles - 1)
            .Select(k => sorted[Math.Clamp((int)Math.Ceiling(k * sorted.Count / (double)Quantiles) - 1, 0, sorted.Count - 1)])
            .Distinct()
            .ToList();
        // Bin i holds cuts[i-1] < x <= cuts[i]; the first has no lower cut, the last no upper one.
        var shares = new double[cuts.Count + 1];
        foreach (var value in sorted)
        {
            var bin = cuts.BinarySearch(value);
            shares[bin >= 0 ? bin : ~bin]++;
        }

        return new JsonObject
        {
            ["kind"] = "numeric",
            ["cuts"] = new JsonArray([.. cuts.Select(c => JsonValue.Create(c))]),
            ["shares"] = new JsonArray([.. shares.Select(s => JsonValue.Create(Math.Round(s / sorted.Count, 6)))]),
        };
    }

    private static JsonObject Categorical(List<JsonNode?> values)
    {
        var shares = new JsonObject();
        foreach (var group in values.GroupBy(Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            shares[group.Key] = Math.Round(group.Count() / (double)values.Count, 6);
        }

        return new JsonObject { ["kind"] = "categorical", ["shares"] = shares };
    }

    // A value as ShadowCompare names it: a string as it is, true/false, or a number's invariant text.
    private static string Category(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetValue<double>().ToString(CultureInfo.InvariantCulture),
        _ => "(missing)",
    };
}
