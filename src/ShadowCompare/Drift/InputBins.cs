using System.Globalization;
using System.Text.Json;

namespace ShadowCompare.Drift;

/// <summary>
/// Puts each instance of a prediction request (<c>{"instances": [{feature: value, …}, …]}</c>) into the reference's
/// bins, feature by feature. Fields named in <c>RedactInputs</c> are not counted: what is not kept is not measured.
/// </summary>
internal static class InputBins
{
    /// <summary>Adds the request's instances to <paramref name="counts"/>, by (feature, bin).</summary>
    /// <returns>How many instances were counted (0 for a body of another shape, such as an Open Inference Protocol request).</returns>
    public static int Count(InputReference reference, JsonElement input, IReadOnlyCollection<string> redacted, Dictionary<(string Feature, string Bin), long> counts)
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var counted = 0;
        foreach (var instance in instances.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
        {
            foreach (var (name, feature) in reference.Features)
            {
                if (redacted.Contains(name))
                {
                    continue;
                }

                var bin = instance.TryGetProperty(name, out var value) ? Bin(feature, value) : FeatureReference.Missing;
                counts[(name, bin)] = counts.GetValueOrDefault((name, bin)) + 1;
            }

            counted++;
        }

        return counted;
    }

    /// <summary>The bin a value falls in.</summary>
    public static string Bin(FeatureReference feature, JsonElement value)
    {
        if (feature.Numeric)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                return FeatureReference.Missing;
            }

            var index = BinarySearch(feature.Cuts, number);
            return index.ToString(CultureInfo.InvariantCulture);
        }

        var category = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number when value.TryGetDouble(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return category is null ? FeatureReference.Missing : feature.Categories.ContainsKey(category) ? category : FeatureReference.Other;
    }

    // The first cut at or above the value (bin i holds cuts[i−1] < x ≤ cuts[i]); past every cut, the last bin.
    private static int BinarySearch(IReadOnlyList<double> cuts, double value)
    {
        var (low, high) = (0, cuts.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (cuts[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
