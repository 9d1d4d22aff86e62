namespace ControlPlane.Local;

/// <summary>With a local control plane there is one replica, and it holds every lease.</summary>
internal sealed class LocalLeases : ILeases
{
    public Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default) => Task.FromResult(true);
}
