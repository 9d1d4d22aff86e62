using StackExchange.Redis;

namespace ControlPlane.Redis;

/// <summary>
/// Reports as Redis keys that expire by Redis's own clock (<c>report:{kind}:{instance}</c>, so replicas' clocks never
/// matter), listed in a set per kind; an instance whose key has expired is dropped from the set when next read.
/// </summary>
internal sealed class RedisObservedState(RedisConnection redis) : IObservedState
{
    public async Task<bool> ReportAsync(string kind, string content, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var done = await redis.TryAsync(async db =>
        {
            var batch = db.CreateBatch();
            var set = batch.StringSetAsync(ReportKey(kind, redis.InstanceId), content, lifetime);
            var listed = batch.SetAddAsync(IndexKey(kind), redis.InstanceId);
            batch.Execute();
            await Task.WhenAll(set, listed);
            return true;
        });
        return done;
    }

    public async Task<IReadOnlyDictionary<string, string>?> ReadAsync(string kind, CancellationToken cancellationToken = default) =>
        await redis.TryAsync<IReadOnlyDictionary<string, string>>(async db =>
        {
            var instances = await db.SetMembersAsync(IndexKey(kind));
            if (instances.Length == 0)
            {
                return new Dictionary<string, string>();
            }

            var reports = await db.StringGetAsync([.. instances.Select(i => ReportKey(kind, i!))]);
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            var expired = new List<RedisValue>();
            for (var i = 0; i < instances.Length; i++)
            {
                if (reports[i].IsNull)
                {
                    expired.Add(instances[i]);
                }
                else
                {
                    found[instances[i]!] = reports[i]!;
                }
            }

            if (expired.Count > 0)
            {
                await db.SetRemoveAsync(IndexKey(kind), [.. expired]);
            }

            return found;
        });

    private RedisKey IndexKey(string kind) => redis.Key("reports:" + kind);

    private RedisKey ReportKey(string kind, string instance) => redis.Key($"report:{kind}:{instance}");
}
