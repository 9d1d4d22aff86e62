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
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size))
            {
                error = $"input '{name}': shape must be an array of non-negative integers, not {dim.GetRawText()}";
                return false;
            }

            dims.Add(size);
        }

        shape = [.. dims];
        return TryCount(name, shape, maxElements, out count, out error);
    }

    /// <summary>The element count of a shape given as numbers: non-negative dimensions whose product stays under the cap.</summary>
    public static bool TryCount(string name, IReadOnlyList<long> shape, long maxElements, out long count, out string error)
    {
        count = 1;
        foreach (var size in shape)
        {
            if (size < 0)
            {
                error = $"input '{name}': shape must be an array of non-negative integers, not {size}";
                return false;
            }

            if (size > maxElements || (size > 0 && count > maxElements / size))
            {
                error = $"input '{name}': shape [{string.Join(",", shape)}] exceeds the limit of {maxElements} elements";
                return false;
            }

            count *= size;
        }

        error = "";
        return true;
    }
}
