using StackExchange.Redis;

namespace ControlPlane.Redis;

/// <summary>Records as the fields of one Redis hash per collection, each <c>{version}|{content}</c>, compared and set by a script.</summary>
internal sealed class RedisRecords(RedisConnection redis) : IRecords
{
    // KEYS: the collection's hash. ARGV: id, expected version, content. Returns {1, new version} or {0, the current value}.
    private const string CompareAndSet = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        local version = 0
        if current then version = tonumber(string.match(current, '^(%d+)|')) end
        if version ~= tonumber(ARGV[2]) then return {0, current or ''} end
        redis.call('HSET', KEYS[1], ARGV[1], (version + 1) .. '|' .. ARGV[3])
        return {1, tostring(version + 1)}
        """;

    public async Task<StoredDocument?> ReadAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        var value = await redis.TryAsync(async db => (RedisValue?)await db.HashGetAsync(Key(collection), id));
        return value is not { } found ? null : found.IsNull ? new StoredDocument(0, "") : Parse(found!);
    }

    public async Task<WriteResult> CompareAndSetAsync(string collection, string id, long expectedVersion, string content, CancellationToken cancellationToken = default)
    {
        var result = await redis.TryAsync(db => db.ScriptEvaluateAsync(CompareAndSet, [Key(collection)], [id, expectedVersion, content]));
        if (result is null)
        {
            return new WriteResult(WriteOutcome.Unavailable, null);
        }

        var parts = (RedisResult[])result!;
        return (long)parts[0] == 1
            ? new WriteResult(WriteOutcome.Written, new StoredDocument(long.Parse((string)parts[1]!, System.Globalization.CultureInfo.InvariantCulture), content))
            : new WriteResult(WriteOutcome.Conflict, (string?)parts[1] is { Length: > 0 } current ? Parse(current) : new StoredDocument(0, ""));
    }

    public async Task<IReadOnlyDictionary<string, StoredDocument>?> ListAsync(string collection, CancellationToken cancellationToken = default)
    {
        var entries = await redis.TryAsync(db => db.HashGetAllAsync(Key(collection)));
        return entries?.ToDictionary(e => (string)e.Name!, e => Parse(e.Value!), StringComparer.Ordinal);
    }

    public async Task<bool> DeleteAsync(string collection, string id, CancellationToken cancellationToken = default) =>
        await redis.TryAsync(async db => (bool?)await db.HashDeleteAsync(Key(collection), id)) is not null;

    private RedisKey Key(string collection) => redis.Key("records:" + collection);

    private static StoredDocument Parse(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return new StoredDocument(long.Parse(value.AsSpan(0, bar), System.Globalization.CultureInfo.InvariantCulture), value[(bar + 1)..]);
    }
}
