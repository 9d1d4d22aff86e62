namespace ModelHost.Inference;

/// <summary>A tensor in flight: its name, datatype, shape, and elements in row-major order in a typed array.</summary>
/// <param name="Name">The input or output name in the graph.</param>
/// <param name="Datatype">The element type.</param>
/// <param name="Shape">The dimensions, all known.</param>
/// <param name="Data">A <c>float[]</c>, <c>long[]</c>, <c>string[]</c>… matching <paramref name="Datatype"/>, of the shape's element count.</param>
internal sealed record NamedTensor(string Name, TensorDatatype Datatype, long[] Shape, Array Data)
{
    /// <summary>The first dimension: the rows a batch concatenates along.</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];
}
