using System.Buffers;
using System.Text.Json;
using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>Reads an Open Inference Protocol infer request: its inputs (JSON or binary data), outputs and answer options.</summary>
internal static class InferRequestReader
{
    public static bool TryRead(
        JsonElement root,
        ReadOnlySequence<byte> binary,
        ModelSession session,
        long maxElements,
        out InferenceRequest request,
        out InferResponseOptions answer,
        out string error)
    {
        request = null!;
        answer = null!;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("the body must be a JSON object with \"inputs\"", out error);
        }

        string? id = null;
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
        var remaining = binary;
        foreach (var input in inputsElement.EnumerateArray())
        {
            if (!TensorReader.TryRead(input, inputs.Count, session, maxElements, ref remaining, out var tensor, out error))
            {
                return false;
            }

            inputs.Add(tensor);
        }

        if (remaining.Length > 0)
        {
            return Fail($"{remaining.Length} byte(s) of binary data follow the last input's binary_data_size", out error);
        }

        var problem = InferenceRequestValidator.ValidateSet(session, inputs);
        if (problem is not null)
        {
            return Fail(problem, out error);
        }

        if (!TryReadOutputs(root, session, out var outputs, out var binaryOutputs, out error))
        {
            return false;
        }

        request = new InferenceRequest(inputs, outputs);
        answer = new InferResponseOptions(id, Parameters.IsTrue(root, "binary_data_output"), binaryOutputs);
        return true;
    }

    private static bool TryReadOutputs(JsonElement root, ModelSession session, out IReadOnlyList<TensorSpec> outputs, out HashSet<string> binary, out string error)
    {
        outputs = session.Outputs;
        binary = new HashSet<string>(StringComparer.Ordinal);
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

            if (Parameters.IsTrue(output, "binary_data"))
            {
                binary.Add(name);
            }
        }

        outputs = chosen.Count > 0 ? chosen : session.Outputs;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
