using System.Text.Json.Nodes;

namespace ShadowCompare.Drift;

/// <summary>A version's reference statistics of its inputs, read from its manifest's <c>reference</c> (written by tools/ModelTrainer).</summary>
/// <param name="Dataset">The data the statistics were measured over.</param>
/// <param name="Rows">How many rows that data has.</param>
/// <param name="Features">Each feature's reference, by name.</param>
internal sealed record InputReference(string Dataset, long Rows, IReadOnlyDictionary<string, FeatureReference> Features)
{
    /// <summary>The manifest's reference; null when it has none. A feature whose statistics do not read is left out.</summary>
    public static InputReference? From(JsonObject manifest)
    {
        if (manifest["reference"] is not JsonObject reference || reference["features"] is not JsonObject features
            || reference["rows"] is not JsonValue rowsValue || !rowsValue.TryGetValue<long>(out var rows) || rows <= 0)
        {
            return null;
        }

        var read = new Dictionary<string, FeatureReference>(StringComparer.Ordinal);
        foreach (var (name, node) in features)
        {
            if (node is JsonObject feature && Feature(name, feature) is { } parsed)
            {
                read[name] = parsed;
            }
        }

        return read.Count == 0 ? null
            : new InputReference(reference["dataset"] is JsonValue dataset && dataset.TryGetValue<string>(out var source) ? source : "", rows, read);
    }

    private static FeatureReference? Feature(string name, JsonObject feature)
    {
        switch (feature["kind"] is JsonValue kind && kind.TryGetValue<string>(out var text) ? text : null)
        {
            case "numeric":
                var cuts = Numbers(feature["cuts"]);
                var shares = Numbers(feature["shares"]);
                return cuts is { Count: > 0 } && shares is not null && shares.Count == cuts.Count + 1 && cuts.Zip(cuts.Skip(1)).All(p => p.First < p.Second)
                    ? new FeatureReference(name, true, cuts, shares, new Dictionary<string, double>())
                    : null;
            case "categorical" when feature["shares"] is JsonObject categories:
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (value, share) in categories)
                {
                    if (share is not JsonValue number || !number.TryGetValue<double>(out var s) || s is < 0 or > 1)
                    {
                        return null;
                    }

                    values[value] = s;
                }

                return values.Count > 0 ? new FeatureReference(name, false, [], [], values) : null;
            default:
                return null;
        }
    }

    private static List<double>? Numbers(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return null;
        }

        var numbers = new List<double>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonValue value || !value.TryGetValue<double>(out var number) || !double.IsFinite(number))
            {
                return null;
            }

            numbers.Add(number);
        }

        return numbers;
    }
}
