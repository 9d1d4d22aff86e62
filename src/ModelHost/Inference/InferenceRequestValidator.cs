namespace ModelHost.Inference;

/// <summary>Checks parsed inputs against what the model declares, before anything is queued or run.</summary>
internal static class InferenceRequestValidator
{
    /// <returns>A message naming what is wrong, or <see langword="null"/> when the inputs fit.</returns>
    public static string? Validate(ModelSession session, IReadOnlyList<NamedTensor> inputs)
    {
        foreach (var input in inputs)
        {
            var spec = session.Inputs.FirstOrDefault(s => s.Name == input.Name);
            if (spec is null)
            {
                return $"unknown input '{input.Name}'; the model's inputs are {string.Join(", ", session.Inputs.Select(s => s.Name))}";
            }

            if (input.Datatype != spec.Datatype)
            {
                return $"input '{input.Name}' has datatype {input.Datatype.Name()}; the model expects {spec.Datatype.Name()}";
            }

            if (input.Shape.Length != spec.Shape.Length || !FixedDimensionsMatch(input.Shape, spec.Shape))
            {
                return $"input '{input.Name}' has shape [{string.Join(",", input.Shape)}]; the model expects [{string.Join(",", spec.Shape)}] (-1: any size)";
            }
        }

        var missing = session.Inputs.Where(s => !inputs.Any(i => i.Name == s.Name)).Select(s => s.Name).ToList();
        if (missing.Count > 0)
        {
            return $"missing input(s): {string.Join(", ", missing)}";
        }

        var names = inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        return names.Count != inputs.Count ? "an input is given more than once" : null;
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
