namespace ControlPlane;

/// <summary>How a compare-and-set write ended.</summary>
public enum WriteOutcome
{
    /// <summary>The document was stored at the next version.</summary>
    Written,

    /// <summary>Someone else wrote first: the expected version is not the stored one, and nothing was written.</summary>
    Conflict,

    /// <summary>The store could not be reached in time; nothing is known to be written.</summary>
    Unavailable,
}

/// <summary>A compare-and-set write's outcome and the document as it now stands (null when the store was unreachable).</summary>
public sealed record WriteResult(WriteOutcome Outcome, StoredDocument? Current);
