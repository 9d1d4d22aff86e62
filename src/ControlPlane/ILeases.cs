namespace ControlPlane;

/// <summary>Named leases for decisions one replica makes for all: held by one holder at a time, lost when not renewed.</summary>
public interface ILeases
{
    /// <summary>Takes the lease for this instance, or renews it if this instance holds it, for <paramref name="duration"/>. False when another holds it or the store is unreachable.</summary>
    Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default);
}
