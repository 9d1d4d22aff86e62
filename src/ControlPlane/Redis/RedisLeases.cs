namespace ControlPlane.Redis;

/// <summary>Leases as Redis keys holding their holder's id, set only when free or already ours, and expiring unless renewed.</summary>
internal sealed class RedisLeases(RedisConnection redis) : ILeases
{
    // KEYS: the lease. ARGV: holder, milliseconds.
    private const string TakeOrRenew = """
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    public async Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var result = await redis.TryAsync(db => db.ScriptEvaluateAsync(
            TakeOrRenew, [redis.Key("lease:" + name)], [redis.InstanceId, (long)duration.TotalMilliseconds]));
        return result is not null && (long)result == 1;
    }
}
