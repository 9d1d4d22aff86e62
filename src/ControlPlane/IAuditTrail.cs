namespace ControlPlane;

/// <summary>The append-only trail of changes to desired state, shared by every replica: one JSON entry per change.</summary>
public interface IAuditTrail
{
    /// <summary>Appends an entry on its own, for a change that is not a document write. False when the store is unreachable.</summary>
    Task<bool> AppendAsync(string entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries first, at most <paramref name="limit"/>; null when the store is unreachable.</summary>
    Task<IReadOnlyList<string>?> ReadAsync(int limit, CancellationToken cancellationToken = default);
}
