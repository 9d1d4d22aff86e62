namespace ShadowCompare.Storage;

/// <summary>Whether a request's two answers were compared, or the comparison failed (its reason says why).</summary>
internal enum ComparisonStatus
{
    /// <summary>Both answers came, and their fields were compared (<c>compared</c> in the store).</summary>
    Compared,

    /// <summary>No comparison: a call failed, or the answers could not be compared (<c>failed</c> in the store).</summary>
    Failed,
}
