namespace ModelHost.Inference;

/// <summary>One inference call, parsed and checked against the model: its inputs and the outputs wanted.</summary>
internal sealed record InferenceRequest(IReadOnlyList<NamedTensor> Inputs, IReadOnlyList<TensorSpec> Outputs);
