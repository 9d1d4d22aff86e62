using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Redis;

/// <summary>
/// Desired-state documents in Redis: a hash per document (<c>version</c>, <c>content</c>); a write is one Lua script
/// that checks the version, stores, appends the audit entry to the audit stream and announces the change, so all or
/// none of it happens. Watchers hear of a change through publish/subscribe at once, and from a periodic read anyway.
/// </summary>
internal sealed class RedisDesiredState : IDesiredState, IAsyncDisposable
{
    // KEYS: document, audit stream. ARGV: expected version, content, audit entry, channel, document name, version floor.
    private const string CompareAndSet = """
        local stored = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        if stored ~= tonumber(ARGV[1]) then
          return {0, stored, redis.call('HGET', KEYS[1], 'content') or ''}
        end
        local version = math.max(stored, tonumber(ARGV[6])) + 1
        redis.call('HSET', KEYS[1], 'version', version, 'content', ARGV[2])
        redis.call('XADD', KEYS[2], '*', 'entry', ARGV[3])
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return {1, version, ARGV[2]}
        """;

    private static readonly RedisValue[] Fields = ["version", "content"];
    private readonly RedisConnection _redis;
    private readonly DocumentWatchers _watchers;
    private readonly Task _subscribed;

    public RedisDesiredState(RedisConnection redis, IOptions<ControlPlaneOptions> options, ILogger<RedisDesiredState> logger)
    {
        _redis = redis;
        _watchers = new DocumentWatchers(ReadAsync, TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds), logger);
        _subscribed = SubscribeAsync(redis, logger);
    }

    public Task<StoredDocument?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        _redis.TryAsync<StoredDocument>(async db =>
        {
            var values = await db.HashGetAsync(DocumentKey(name), Fields);
            return values[0].IsNull ? new StoredDocument(0, "") : new StoredDocument((long)values[0], (string?)values[1] ?? "");
        });

    public async Task<WriteResult> CompareAndSetAsync(string name, long expectedVersion, string content, string audit, long versionFloor = 0, CancellationToken cancellationToken = default)
    {
        var result = await _redis.TryAsync(db => db.ScriptEvaluateAsync(
            CompareAndSet,
            [DocumentKey(name), _redis.Key(RedisAuditTrail.StreamName)],
            [expectedVersion, content, audit, _redis.Changes.ToString(), name, versionFloor]));
        if (result is null)
        {
            return new WriteResult(WriteOutcome.Unavailable, null);
        }

        var values = (RedisResult[])result!;
        var current = new StoredDocument((long)values[1], (string?)values[2] ?? "");
        return new WriteResult((long)values[0] == 1 ? WriteOutcome.Written : WriteOutcome.Conflict, current);
    }

    public IDisposable Watch(string name, Action<StoredDocument> changed) => _watchers.Add(name, changed);

    public async ValueTask DisposeAsync()
    {
        await _subscribed;
        await _watchers.DisposeAsync();
    }

    // Never in the way of start-up: Redis may be down or slow now. The multiplexer keeps the subscription and restores
    // it after every reconnect; until it is in place, the periodic read stands in for the announcements.
    private async Task SubscribeAsync(RedisConnection redis, ILogger logger)
    {
        try
        {
            await redis.Subscriber.SubscribeAsync(redis.Changes, (_, _) => _watchers.Poke());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.SubscribeFailed(logger, e.Message);
        }
    }

    private RedisKey DocumentKey(string name) => _redis.Key("doc:" + name);
}
