namespace ModelHost.Inference;

/// <summary>Why an inference did not produce outputs; the protocol layer turns the kind into a status code.</summary>
internal sealed record InferenceError(InferenceErrorKind Kind, string Message);

/// <summary>The kinds of expected inference failure.</summary>
internal enum InferenceErrorKind
{
    /// <summary>The request does not fit the model (400).</summary>
    BadRequest,

    /// <summary>The model or version is not served here (404).</summary>
    NotFound,

    /// <summary>The model is loading, or its queue is full (503).</summary>
    Unavailable,
}
