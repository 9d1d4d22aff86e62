namespace ControlPlane;

/// <summary>
/// Records the services keep for their own work (a batch job's state and progress), by collection and id: versioned,
/// written by compare-and-set, listed per collection. Unlike desired state they are not an operator's decision: no
/// audit entry, no change announcements.
/// </summary>
public interface IRecords
{
    /// <summary>The record as stored; a version 0 record when it does not exist; null when the store is unreachable.</summary>
    Task<StoredDocument?> ReadAsync(string collection, string id, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="content"/> if the stored version is <paramref name="expectedVersion"/> (0: the record must not exist), at the next version.</summary>
    Task<WriteResult> CompareAndSetAsync(string collection, string id, long expectedVersion, string content, CancellationToken cancellationToken = default);

    /// <summary>Removes a record; false when the store is unreachable.</summary>
    Task<bool> DeleteAsync(string collection, string id, CancellationToken cancellationToken = default);

    /// <summary>Every record of a collection, by id; null when the store is unreachable.</summary>
    Task<IReadOnlyDictionary<string, StoredDocument>?> ListAsync(string collection, CancellationToken cancellationToken = default);
}
