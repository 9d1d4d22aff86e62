using System.Text.Json;

namespace ModelHost.Protocol;

/// <summary>Reads a tensor's shape: non-negative integer dimensions whose product stays under the element cap.</summary>
internal static class TensorShapeReader
{
    public static bool TryRead(JsonElement input, string name, long maxElements, out long[] shape, out long count, out string error)
    {
        shape = [];
        count = 1;
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            error = $"input '{name}': shape must be an array of non-negative integers";
            return false;
        }

        var dims = new List<long>();
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size < 0)
            {
                error = $"input '{name}': shape must be an array of non-negative integers, not {dim.GetRawText()}";
                return false;
            }

            if (size > maxElements || (size > 0 && count > maxElements / size))
            {
                error = $"input '{name}': shape [{string.Join(",", shapeElement.EnumerateArray().Select(d => d.GetRawText()))}] exceeds the limit of {maxElements} elements";
                return false;
            }

            count *= size;
            dims.Add(size);
        }

        shape = [.. dims];
        error = "";
        return true;
    }
}
