namespace Gateway.Pipeline.Call;

/// <summary>How a call to a model backend ended.</summary>
internal enum OutcomeKind
{
    /// <summary>The backend answered, successfully or refusing the request (a status under 500).</summary>
    Answered,

    /// <summary>The backend cannot take the call now (it answered 503), or no backend of the cluster is healthy.</summary>
    Unavailable,

    /// <summary>Nothing reached a model: the connection was refused or closed before an answer's headers.</summary>
    Unreachable,

    /// <summary>The backend failed: a 5xx answer, a timeout, a broken answer, or one that breaks the response schema in strict mode.</summary>
    Failed,
}
