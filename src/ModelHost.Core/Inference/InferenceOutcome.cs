namespace ModelHost.Inference;

/// <summary>The result of one inference: outputs, or an expected error as a value.</summary>
internal readonly record struct InferenceOutcome(NamedTensor[]? Outputs, InferenceError? Error)
{
    public static InferenceOutcome Success(NamedTensor[] outputs) => new(outputs, null);

    public static InferenceOutcome Fail(InferenceErrorKind kind, string message) => new(null, new InferenceError(kind, message));
}
