namespace ControlPlane;

/// <summary>What each instance reports of itself (heartbeats, traffic windows): one JSON report per kind and instance, forgotten when it expires.</summary>
public interface IObservedState
{
    /// <summary>Replaces this instance's report of <paramref name="kind"/>, valid for <paramref name="lifetime"/>. False when the store is unreachable.</summary>
    Task<bool> ReportAsync(string kind, string content, TimeSpan lifetime, CancellationToken cancellationToken = default);

    /// <summary>Every instance's unexpired report of <paramref name="kind"/>, by instance; null when the store is unreachable.</summary>
    Task<IReadOnlyDictionary<string, string>?> ReadAsync(string kind, CancellationToken cancellationToken = default);
}
