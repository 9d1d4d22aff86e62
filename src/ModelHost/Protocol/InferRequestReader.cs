using System.Text.Json;
using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>Reads an Open Inference Protocol infer request: tensors given flat or nested, checked element by element.</summary>
internal static class InferRequestReader
{
    public static bool TryRead(JsonElement root, ModelSession session, long maxElements, out InferenceRequest request, out string? id, out string error)
    {
        request = null!;
        id = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("the body must be a JSON object with \"inputs\"", out error);
        }

        if (root.TryGetProperty("id", out _))
        {
            if (!JsonText.TryGetString(root, "id", out var given))
            {
                return Fail("\"id\" must be a string", out error);
            }

            id = given;
        }

        if (!root.TryGetProperty("inputs", out var inputsElement) || inputsElement.ValueKind != JsonValueKind.Array)
        {
            return Fail("\"inputs\" must be an array of tensors", out error);
        }

        var inputs = new List<NamedTensor>(inputsElement.GetArrayLength());
        foreach (var input in inputsElement.EnumerateArray())
        {
            if (!TryReadTensor(input, inputs.Count, session, maxElements, out var tensor, out error))
            {
                return false;
            }

            inputs.Add(tensor);
        }

        var problem = InferenceRequestValidator.ValidateSet(session, inputs);
        if (problem is not null)
        {
            return Fail(problem, out error);
        }

        if (!TryReadOutputs(root, session, out var outputs, out error))
        {
            return false;
        }

        request = new InferenceRequest(inputs, outputs);
        return true;
    }

    private static bool TryReadTensor(JsonElement input, int position, ModelSession session, long maxElements, out NamedTensor tensor, out string error)
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

        if (!input.TryGetProperty("data", out var dataElement))
        {
            return Fail($"input '{name}': data is missing", out error);
        }

        var data = datatype.Allocate((int)count);
        var filled = 0;
        if (!TryFill(dataElement, datatype, data, ref filled, out var problem))
        {
            return Fail($"input '{name}': {problem}", out error);
        }

        if (filled != count)
        {
            return Fail($"input '{name}': data has {filled} element(s) but shape [{string.Join(",", shape)}] holds {count}", out error);
        }

        tensor = new NamedTensor(name, datatype, shape, data);
        error = "";
        return true;
    }

    // Nested arrays are flattened in row-major order; the document's depth limit bounds the recursion.
    private static bool TryFill(JsonElement element, TensorDatatype datatype, Array data, ref int filled, out string problem)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return TryFillOne(element, datatype, data, ref filled, out problem);
        }

        foreach (var item in element.EnumerateArray())
        {
            var ok = item.ValueKind == JsonValueKind.Array
                ? TryFill(item, datatype, data, ref filled, out problem)
                : TryFillOne(item, datatype, data, ref filled, out problem);
            if (!ok)
            {
                return false;
            }
        }

        problem = "";
        return true;
    }

    private static bool TryFillOne(JsonElement item, TensorDatatype datatype, Array data, ref int filled, out string problem)
    {
        if (filled >= data.Length)
        {
            problem = $"data has more elements than the shape holds ({data.Length})";
            return false;
        }

        if (!TensorElementReader.TryRead(item, datatype, data, filled))
        {
            problem = $"element {filled} ({Describe(item)}) is not a valid {datatype.Name()}";
            return false;
        }

        filled++;
        problem = "";
        return true;
    }

    private static bool TryReadOutputs(JsonElement root, ModelSession session, out IReadOnlyList<TensorSpec> outputs, out string error)
    {
        outputs = session.Outputs;
        error = "";
        if (!root.TryGetProperty("outputs", out var requested) || requested.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (requested.ValueKind != JsonValueKind.Array)
        {
            return Fail("\"outputs\" must be an array of {\"name\": …}", out error);
        }

        var chosen = new List<TensorSpec>();
        foreach (var output in requested.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !JsonText.TryGetString(output, "name", out var name))
            {
                return Fail("each of \"outputs\" must be an object with a string name", out error);
            }

            var spec = session.Outputs.FirstOrDefault(o => o.Name == name);
            if (spec is null)
            {
                return Fail($"unknown output '{name}'; the model's outputs are {string.Join(", ", session.Outputs.Select(o => o.Name))}", out error);
            }

            if (!chosen.Contains(spec))
            {
                chosen.Add(spec);
            }
        }

        outputs = chosen.Count > 0 ? chosen : session.Outputs;
        return true;
    }

    private static string Describe(JsonElement item)
    {
        var raw = item.GetRawText();
        return raw.Length <= 40 ? raw : raw[..40] + "…";
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
