namespace ModelHost.Inference;

/// <summary>Checks inputs against what the model declares, before their data is read, queued or run.</summary>
internal static class InferenceRequestValidator
{
    /// <summary>Checks one input's name, datatype and shape.</summary>
    /// <returns>A message naming what is wrong, or <see langword="null"/> when it fits.</returns>
    public static string? ValidateInput(ModelSession session, string name, TensorDatatype datatype, long[] shape)
    {
        var spec = session.Inputs.FirstOrDefault(s => s.Name == name);
        if (spec is null)
        {
            return $"unknown input '{name}'; the model's inputs are {string.Join(", ", session.Inputs.Select(s => s.Name))}";
        }

        if (datatype != spec.Datatype)
        {
            return $"input '{name}' has datatype {datatype.Name()}; the model expects {spec.Datatype.Name()}";
        }

        return shape.Length != spec.Shape.Length || !FixedDimensionsMatch(shape, spec.Shape)
            ? $"input '{name}' has shape [{string.Join(",", shape)}]; the model expects [{string.Join(",", spec.Shape)}] (-1: any size)"
            : null;
    }

    /// <summary>Checks that every input the model needs is given exactly once.</summary>
    /// <returns>A message naming what is wrong, or <see langword="null"/> when the set is complete.</returns>
    public static string? ValidateSet(ModelSession session, IReadOnlyList<NamedTensor> inputs)
    {
        var names = inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Count != inputs.Count)
        {
            return "an input is given more than once";
        }

        var missing = session.Inputs.Where(s => !names.Contains(s.Name)).Select(s => s.Name).ToList();
        return missing.Count > 0 ? $"missing input(s): {string.Join(", ", missing)}" : null;
    }

    private static bool FixedDimensionsMatch(long[] given, long[] declared)
    {
        for (var i = 0; i < given.Length; i++)
        {
            if (declared[i] >= 0 && declared[i] != given[i])
            {
                return false;
            }
        }

        return true;
    }
}
