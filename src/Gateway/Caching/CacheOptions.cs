using Settings;

namespace Gateway.Caching;

/// <summary>How the result cache behaves when its store is slow or down (<c>Gateway:Cache</c>).</summary>
public sealed class CacheOptions
{
    /// <summary>The longest a cache read or write may take before it counts as a miss.</summary>
    /// <value>Defaults to 50 ms; 1 to 5,000.</value>
    [SettingRange(1, 5000)]
    public int TimeoutMilliseconds { get; set; } = 50;

    /// <summary>
    /// The key that seals every cache entry (HMAC-SHA256), at least 32 characters; every replica sharing a cache needs
    /// the same one. Required with Redis (<c>ConnectionStrings:Redis</c>).
    /// </summary>
    /// <value>Unset by default: each process draws a random key, which serves its own in-memory cache.</value>
    [Secret(32)]
    public string? SigningKey { get; set; }

    /// <summary>How long the cache is skipped after a failure, so a dead store is not asked on every call.</summary>
    /// <value>Defaults to 1,000 ms; 0 to 60,000.</value>
    [SettingRange(0, 60_000)]
    public int BackoffMilliseconds { get; set; } = 1000;

    /// <summary>
    /// The most answer bytes the in-memory cache holds (when no Redis is configured); past it, MemoryCache evicts the
    /// entries nearest expiry and least recently used, in the background. Its bookkeeping adds about as much again for
    /// small answers.
    /// </summary>
    /// <value>Defaults to 32 MiB; 1 MiB to 16 GiB.</value>
    [SettingRange(1L << 20, 16L << 30)]
    public long MemoryLimitBytes { get; set; } = 32L * 1024 * 1024;
}
