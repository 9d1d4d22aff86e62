namespace ModelHost.Inference;

/// <summary>Runs a session once on placeholder inputs so the first real request does not pay for allocation and kernel set-up.</summary>
internal static class WarmUp
{
    public static void Run(ModelSession session)
    {
        var inputs = session.Inputs.Select(Placeholder).ToArray();
        session.Run(inputs, session.Outputs);
    }

    // Variable dimensions become 1; strings are empty, numbers zero.
    private static NamedTensor Placeholder(TensorSpec spec)
    {
        var shape = spec.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var data = spec.Datatype.Allocate(count);
        if (data is string[] strings)
        {
            Array.Fill(strings, "");
        }

        return new NamedTensor(spec.Name, spec.Datatype, shape, data);
    }
}
