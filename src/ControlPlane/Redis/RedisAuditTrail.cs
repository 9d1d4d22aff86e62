using StackExchange.Redis;

namespace ControlPlane.Redis;

/// <summary>The audit trail as a Redis stream: appended to, never rewritten; its persistence is the Redis server's (AOF in deploy/).</summary>
internal sealed class RedisAuditTrail(RedisConnection redis) : IAuditTrail
{
    public const string StreamName = "audit";
    private const string Field = "entry";

    public async Task<bool> AppendAsync(string entry, CancellationToken cancellationToken = default) =>
        await redis.TryAsync(db => db.StreamAddAsync(redis.Key(StreamName), Field, entry)) is { IsNull: false };

    public async Task<IReadOnlyList<string>?> ReadAsync(int limit, CancellationToken cancellationToken = default)
    {
        var entries = await redis.TryAsync(db => db.StreamRangeAsync(redis.Key(StreamName), count: limit, messageOrder: Order.Descending));
        return entries?.Select(e => (string?)e[Field] ?? "").Where(e => e.Length > 0).ToList();
    }
}
