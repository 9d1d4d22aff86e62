using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Gateway.Telemetry;

namespace Gateway.Caching;

/// <summary>
/// The result cache over <see cref="IDistributedCache"/> (Redis or in-memory), made safe for the request path: every
/// call is bounded by <see cref="CacheOptions.TimeoutMilliseconds"/>, a failure is a miss, never an error, and the cache
/// is left alone for <see cref="CacheOptions.BackoffMilliseconds"/> after a connection failure (a dead Redis then costs
/// nothing per call) or after <see cref="TimeoutsBeforeBackoff"/> timeouts in a row (one slow call on a busy machine
/// does not turn the cache off for everyone).
/// Entries are sealed (<see cref="CacheEntrySeal"/>): one that does not open is a miss, counted and logged.
/// </summary>
internal sealed class ResultCache(
    IDistributedCache cache, CacheEntrySeal seal, IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics, TimeProvider time, ILogger<ResultCache> logger)
{
    public const int TimeoutsBeforeBackoff = 3;

    private long _skipUntil;
    private int _timeoutsInARow;

    public async Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (IsBackingOff())
        {
            return null;
        }

        try
        {
            var bytes = await cache.GetAsync(key, cancellationToken).WaitAsync(Timeout, time, cancellationToken);
            Volatile.Write(ref _timeoutsInARow, 0);
            if (bytes is null)
            {
                return null;
            }

            var entry = seal.Open(key, bytes, out var forged);
            if (forged)
            {
                metrics.RecordCacheForged();
                Log.CacheEntryForged(logger, key);
            }

            return entry is null ? null : CachedAnswer.Decode(entry);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed("get", e);
            return null;
        }
    }

    /// <summary>Stores an answer in the background: the caller's response never waits on the cache.</summary>
    public void Store(string key, CachedAnswer answer, TimeSpan ttl)
    {
        if (IsBackingOff())
        {
            return;
        }

        _ = StoreAsync(key, answer, ttl);
    }

    private async Task StoreAsync(string key, CachedAnswer answer, TimeSpan ttl)
    {
        try
        {
            await cache.SetAsync(key, seal.Seal(key, answer.Encode()), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl })
                .WaitAsync(Timeout, time);
        }
        catch (Exception e)
        {
            Failed("set", e);
        }
    }

    private TimeSpan Timeout => TimeSpan.FromMilliseconds(options.CurrentValue.Cache.TimeoutMilliseconds);

    private bool IsBackingOff() => time.GetTimestamp() < Volatile.Read(ref _skipUntil);

    private void Failed(string operation, Exception e)
    {
        metrics.RecordCacheError(operation);
        if (e is TimeoutException && Interlocked.Increment(ref _timeoutsInARow) < TimeoutsBeforeBackoff)
        {
            Log.CacheSlow(logger, operation);
            return;
        }

        Volatile.Write(ref _timeoutsInARow, 0);
        var backoff = TimeSpan.FromMilliseconds(options.CurrentValue.Cache.BackoffMilliseconds);
        Volatile.Write(ref _skipUntil, time.GetTimestamp() + (long)(backoff.TotalSeconds * time.TimestampFrequency));
        Log.CacheBackingOff(logger, operation, e.GetType().Name, e.Message, (int)backoff.TotalMilliseconds);
    }
}
