namespace ModelHost.Protocol;

/// <summary>How a caller wants its infer answer: the id to echo, and which outputs come back as binary data.</summary>
/// <param name="Id">The request's <c>id</c>, echoed in the answer.</param>
/// <param name="AllBinary">The request's <c>parameters.binary_data_output</c>.</param>
/// <param name="BinaryOutputs">Outputs whose own <c>parameters.binary_data</c> is true.</param>
internal sealed record InferResponseOptions(string? Id, bool AllBinary, IReadOnlySet<string> BinaryOutputs)
{
    public bool IsBinary(string output) => AllBinary || BinaryOutputs.Contains(output);

    public bool AnyBinary => AllBinary || BinaryOutputs.Count > 0;
}
