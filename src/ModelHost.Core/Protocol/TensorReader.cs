using System.Buffers;
using System.Text.Json;
using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>Reads one input tensor: name, datatype and shape checked against the model, then its data from JSON or binary.</summary>
internal static class TensorReader
{
    public static bool TryRead(
        JsonElement input, int position, ModelSession session, long maxElements, ref ReadOnlySequence<byte> binary, out NamedTensor tensor, out string error)
    {
        tensor = null!;
        if (input.ValueKind != JsonValueKind.Object)
        {
            return Fail($"inputs[{position}] must be an object with name, shape, datatype and data", out error);
        }

        if (!JsonText.TryGetString(input, "name", out var name))
        {
            return Fail($"inputs[{position}].name must be a string", out error);
        }

        if (!JsonText.TryGetString(input, "datatype", out var datatypeName) || !TensorDatatypes.TryParse(datatypeName, out var datatype))
        {
            return Fail($"input '{name}': datatype must be one of {string.Join(", ", Enum.GetValues<TensorDatatype>().Select(d => d.Name()))}", out error);
        }

        if (!TensorShapeReader.TryRead(input, name, maxElements, out var shape, out var count, out error))
        {
            return false;
        }

        var mismatch = InferenceRequestValidator.ValidateInput(session, name, datatype, shape);
        if (mismatch is not null)
        {
            return Fail(mismatch, out error);
        }

        Array data;
        switch (Parameters.TryGetSize(input, "binary_data_size", out var size))
        {
            case false:
                return Fail($"input '{name}': parameters.binary_data_size must be a non-negative integer", out error);
            case true when size > binary.Length:
                return Fail($"input '{name}': binary_data_size is {size} but only {binary.Length} byte(s) of binary data remain", out error);
            case true:
                if (!BinaryTensorData.TryRead(binary.Slice(0, size), datatype, (int)count, out data, out var problem))
                {
                    return Fail($"input '{name}': {problem}", out error);
                }

                binary = binary.Slice(size);
                break;
            default:
                if (!input.TryGetProperty("data", out var dataElement))
                {
                    return Fail($"input '{name}': data is missing", out error);
                }

                if (!TryReadJson(dataElement, datatype, (int)count, shape, out data, out error))
                {
                    error = $"input '{name}': {error}";
                    return false;
                }

                break;
        }

        tensor = new NamedTensor(name, datatype, shape, data);
        error = "";
        return true;
    }

    private static bool TryReadJson(JsonElement element, TensorDatatype datatype, int count, long[] shape, out Array data, out string error)
    {
        data = datatype.Allocate(count);
        var filled = 0;
        if (!TryFill(element, datatype, data, ref filled, out error))
        {
            return false;
        }

        return filled == count || Fail($"data has {filled} element(s) but shape [{string.Join(",", shape)}] holds {count}", out error);
    }

    // Nested arrays are flattened in row-major order; the document's depth limit bounds the recursion.
    private static bool TryFill(JsonElement element, TensorDatatype datatype, Array data, ref int filled, out string error)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return TryFillOne(element, datatype, data, ref filled, out error);
        }

        foreach (var item in element.EnumerateArray())
        {
            var ok = item.ValueKind == JsonValueKind.Array
                ? TryFill(item, datatype, data, ref filled, out error)
                : TryFillOne(item, datatype, data, ref filled, out error);
            if (!ok)
            {
                return false;
            }
        }

        error = "";
        return true;
    }

    private static bool TryFillOne(JsonElement item, TensorDatatype datatype, Array data, ref int filled, out string error)
    {
        if (filled >= data.Length)
        {
            return Fail($"data has more elements than the shape holds ({data.Length})", out error);
        }

        if (!TensorElementReader.TryRead(item, datatype, data, filled))
        {
            var raw = item.GetRawText();
            return Fail($"element {filled} ({(raw.Length <= 40 ? raw : raw[..40] + "…")}) is not a valid {datatype.Name()}", out error);
        }

        filled++;
        error = "";
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
