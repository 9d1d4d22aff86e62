namespace ControlPlane;

/// <summary>
/// Documents an operator decides (flags, desired model versions), each versioned, written by compare-and-set with an
/// audit entry in the same step, and watched: every replica hears of a write within a second.
/// </summary>
public interface IDesiredState
{
    /// <summary>The document as the store holds it now; a version 0 document when it does not exist; null when the store is unreachable.</summary>
    Task<StoredDocument?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="content"/> if the stored version is <paramref name="expectedVersion"/> (0: the document
    /// must not exist), and appends <paramref name="audit"/> to the audit trail with it, both or neither. The new
    /// version is one more than the larger of <paramref name="expectedVersion"/> and <paramref name="versionFloor"/>:
    /// a replica that seeds an emptied store passes the version it knows, so versions never go back.
    /// </summary>
    Task<WriteResult> CompareAndSetAsync(string name, long expectedVersion, string content, string audit, long versionFloor = 0, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="changed"/> with each newer version of the document seen, from change events or the periodic read.</summary>
    IDisposable Watch(string name, Action<StoredDocument> changed);
}
