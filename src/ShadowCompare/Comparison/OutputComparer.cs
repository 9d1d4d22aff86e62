using System.Text.Json;

namespace ShadowCompare.Comparison;

/// <summary>
/// Compares two answers to the same request, field by field and row by row. Both are <c>:predict</c> answers
/// (<c>{"predictions":[{field: value}]}</c>) or Open Inference Protocol answers (<c>{"outputs":[{name, data}]}</c>,
/// each output a field whose rows are its data split evenly by the first dimension).
/// </summary>
internal static class OutputComparer
{
    /// <returns>The field comparisons, or null with why the answers cannot be compared (not JSON, different rows or fields).</returns>
    public static (IReadOnlyList<FieldComparison>? Fields, string Error) Compare(string primary, string shadow, ComparisonOptions options)
    {
        var left = Rows(primary);
        var right = Rows(shadow);
        if (left is null || right is null)
        {
            return (null, $"the {(left is null ? "primary" : "shadow")} answer is not a predict or infer answer");
        }

        if (left.Count != right.Count)
        {
            return (null, $"the primary answered {left.Count} rows, the shadow {right.Count}");
        }

        var fields = new List<FieldComparison>();
        for (var row = 0; row < left.Count; row++)
        {
            foreach (var (field, value) in left[row])
            {
                if (options.IgnoreFields.Contains(field))
                {
                    continue;
                }

                if (!right[row].TryGetValue(field, out var other))
                {
                    return (null, $"the shadow's answer has no field '{field}'");
                }

                fields.Add(CompareField(row, field, value, other, options));
            }
        }

        return (fields, "");
    }

    private static FieldComparison CompareField(int row, string field, JsonElement primary, JsonElement shadow, ComparisonOptions options)
    {
        var (p, s) = (primary.GetRawText(), shadow.GetRawText());
        if (primary.ValueKind == JsonValueKind.Number && shadow.ValueKind == JsonValueKind.Number)
        {
            var (a, b) = (primary.GetDouble(), shadow.GetDouble());
            var difference = Math.Abs(b - a);
            return new(row, field, FieldKind.Score, p, s, difference <= options.ScoreTolerance, difference, difference / Math.Max(Math.Abs(a), 1e-12));
        }

        if (primary.ValueKind == JsonValueKind.Array && shadow.ValueKind == JsonValueKind.Array && IsNumbers(primary) && IsNumbers(shadow))
        {
            var cosine = Cosine([.. primary.EnumerateArray().Select(e => e.GetDouble())], [.. shadow.EnumerateArray().Select(e => e.GetDouble())]);
            return new(row, field, FieldKind.Vector, p, s, cosine >= options.MinCosine, Cosine: cosine);
        }

        return new(row, field, FieldKind.Label, p, s, p == s);
    }

    // Vectors of different lengths are as unlike as vectors can be.
    private static double Cosine(double[] a, double[] b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            return -1;
        }

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.Sqrt(na * nb);
    }

    private static bool IsNumbers(JsonElement array) => array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number);

    private static List<Dictionary<string, JsonElement>>? Rows(string answer)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(answer);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("predictions", out var predictions) && predictions.ValueKind == JsonValueKind.Array)
        {
            return [.. predictions.EnumerateArray()
                .Select(p => p.ValueKind == JsonValueKind.Object
                    ? p.EnumerateObject().ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal)
                    : new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["value"] = p })];
        }

        return root.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array ? TensorRows(outputs) : null;
    }

    // An infer answer: each output's data split into rows by its first dimension.
    private static List<Dictionary<string, JsonElement>>? TensorRows(JsonElement outputs)
    {
        var rows = new List<Dictionary<string, JsonElement>>();
        foreach (var output in outputs.EnumerateArray())
        {
            if (!output.TryGetProperty("name", out var name) || !output.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array
                || !output.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() == 0)
            {
                return null;
            }

            var count = shape[0].GetInt32();
            var values = data.EnumerateArray().ToList();
            if (count <= 0 || values.Count % count != 0)
            {
                return null;
            }

            var width = values.Count / count;
            for (var row = 0; row < count; row++)
            {
                if (rows.Count <= row)
                {
                    rows.Add(new Dictionary<string, JsonElement>(StringComparer.Ordinal));
                }

                rows[row][name.GetString()!] = width == 1 ? values[row * width] : JsonSerializer.SerializeToElement(values.GetRange(row * width, width));
            }
        }

        return rows;
    }
}
