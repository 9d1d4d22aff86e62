using Gateway.Caching;

namespace Gateway.Pipeline.Decide;

/// <summary>What the decide stage found: the answer when the cache had it, and whether and where a fresh answer may be stored.</summary>
/// <param name="Key">The call's cache key, or null when its model has caching off.</param>
/// <param name="Ttl">How long a stored answer lives.</param>
/// <param name="MayStore">False when caching is off or the client sent <c>Cache-Control: no-store</c>.</param>
/// <param name="Hit">The cached answer, or null on a miss.</param>
internal sealed record CacheLookup(CacheKey? Key, TimeSpan Ttl, bool MayStore, CachedAnswer? Hit)
{
    public static readonly CacheLookup Off = new(null, TimeSpan.Zero, false, null);
}
