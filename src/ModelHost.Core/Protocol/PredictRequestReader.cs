using System.Text.Json;
using ModelHost.Inference;
using ModelHost.Store;

namespace ModelHost.Protocol;

/// <summary>Turns <c>{"instances":[{feature: value}]}</c> into the model's input tensors through its manifest's mapping.</summary>
internal static class PredictRequestReader
{
    public static bool TryRead(JsonElement root, ModelManifest manifest, ModelSession session, long maxElements, out InferenceRequest request, out string error)
    {
        request = null!;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
        {
            error = "the body must be {\"instances\": [{feature: value, …}, …]}";
            return false;
        }

        var rows = instances.GetArrayLength();
        if (rows == 0 || rows > maxElements)
        {
            error = $"\"instances\" must hold from 1 to {maxElements} objects";
            return false;
        }

        var inputs = new NamedTensor[manifest.Inputs.Count];
        for (var m = 0; m < manifest.Inputs.Count; m++)
        {
            var mapping = manifest.Inputs[m];
            var spec = session.Inputs.First(i => i.Name == mapping.Tensor);
            var width = mapping.Features.Count;
            var data = spec.Datatype.Allocate(rows * width);
            var row = 0;
            foreach (var instance in instances.EnumerateArray())
            {
                if (instance.ValueKind != JsonValueKind.Object)
                {
                    error = $"instances[{row}] must be an object of named features";
                    return false;
                }

                for (var f = 0; f < width; f++)
                {
                    var feature = mapping.Features[f];
                    if (!instance.TryGetProperty(feature, out var value))
                    {
                        error = $"instances[{row}]: feature '{feature}' is missing";
                        return false;
                    }

                    if (!TensorElementReader.TryRead(value, spec.Datatype, data, (row * width) + f))
                    {
                        error = $"instances[{row}]: feature '{feature}' must be {Expected(spec.Datatype)}, not {value.ValueKind.ToString().ToLowerInvariant()}";
                        return false;
                    }
                }

                row++;
            }

            inputs[m] = new NamedTensor(mapping.Tensor, spec.Datatype, [rows, width], data);
        }

        var outputs = manifest.Outputs.Count == 0
            ? session.Outputs
            : [.. manifest.Outputs.Select(o => session.Outputs.First(s => s.Name == o.Tensor))];
        request = new InferenceRequest(inputs, outputs);
        error = "";
        return true;
    }

    private static string Expected(TensorDatatype datatype) => datatype switch
    {
        TensorDatatype.Bool => "true or false",
        TensorDatatype.Bytes => "a string",
        TensorDatatype.Fp16 or TensorDatatype.Fp32 or TensorDatatype.Fp64 => "a finite number",
        _ => $"an integer that fits {datatype.Name()}",
    };
}
