namespace ControlPlane;

/// <summary>Whether this process can reach its control plane, as its last call to it found: read by status reports and by local safety decisions.</summary>
public sealed class ControlPlaneStatus(TimeProvider time)
{
    private volatile string? _error;
    private long _lastChange = time.GetTimestamp();

    /// <summary>Whether the store is shared by many replicas (Redis) or kept by this one (local).</summary>
    public bool Shared { get; init; }

    /// <summary>Whether the last call to the store succeeded.</summary>
    public bool Reachable => _error is null;

    /// <summary>Why the last call failed, or null.</summary>
    public string? Error => _error;

    /// <summary>How long the store has been in its present state, reachable or not.</summary>
    public TimeSpan Since => time.GetElapsedTime(Interlocked.Read(ref _lastChange));

    /// <summary>A call to the store succeeded.</summary>
    public void Succeeded()
    {
        if (_error is not null)
        {
            _error = null;
            Interlocked.Exchange(ref _lastChange, time.GetTimestamp());
        }
    }

    /// <summary>A call to the store failed for <paramref name="reason"/>.</summary>
    public void Failed(string reason)
    {
        if (_error is null)
        {
            Interlocked.Exchange(ref _lastChange, time.GetTimestamp());
        }

        _error = reason;
    }
}
