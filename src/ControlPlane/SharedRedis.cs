using StackExchange.Redis;

namespace ControlPlane;

/// <summary>
/// The control plane's Redis connection, for features that keep shared counters of their own there (rate limits): one
/// connection per process, under the control plane's key prefix. Registered only when <c>ControlPlane:Redis</c> is set.
/// </summary>
public sealed class SharedRedis
{
    internal SharedRedis(IConnectionMultiplexer multiplexer, string keyPrefix)
    {
        Multiplexer = multiplexer;
        KeyPrefix = keyPrefix;
    }

    /// <summary>The connection, shared with the control plane's own stores.</summary>
    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>The prefix every key of this deployment starts with.</summary>
    public string KeyPrefix { get; }
}
