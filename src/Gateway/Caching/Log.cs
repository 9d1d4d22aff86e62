namespace Gateway.Caching;

/// <summary>The result cache's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(203, LogLevel.Warning, "Result cache entry {Key} does not carry this key's MAC: answered as a miss. Something that does not hold Gateway:Cache:SigningKey wrote to the cache")]
    public static partial void CacheEntryForged(ILogger logger, string key);

    [LoggerMessage(201, LogLevel.Warning, "Result cache {Operation} failed ({Type}: {Cause}); answering without the cache for {BackoffMs} ms")]
    public static partial void CacheBackingOff(ILogger logger, string operation, string type, string cause, int backoffMs);

    [LoggerMessage(202, LogLevel.Debug, "Result cache {Operation} timed out; answered as a miss")]
    public static partial void CacheSlow(ILogger logger, string operation);
}
