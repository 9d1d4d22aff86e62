namespace ModelHost.Inference;

/// <summary>What a model declares for one input or output: name, datatype and shape, -1 for a variable dimension.</summary>
internal sealed record TensorSpec(string Name, TensorDatatype Datatype, long[] Shape)
{
    public bool HasVariableFirstDimension => Shape.Length > 0 && Shape[0] < 0;
}
