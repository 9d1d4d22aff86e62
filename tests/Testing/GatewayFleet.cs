namespace Testing;

/// <summary>
/// Several gateway replicas on loopback sharing one real Redis as their control plane (flags, audit trail, windows,
/// leases), each with its own instance id and its own local folder, so nothing but Redis joins them.
/// </summary>
public sealed class GatewayFleet : IAsyncDisposable
{
    private readonly List<LoopbackServer?> _replicas;

    private GatewayFleet(RedisServer redis, List<LoopbackServer?> replicas)
    {
        Redis = redis;
        _replicas = replicas;
    }

    public RedisServer Redis { get; }

    /// <summary>The replicas still running, by index; a stopped one is null.</summary>
    public IReadOnlyList<LoopbackServer?> Replicas => _replicas;

    public IEnumerable<LoopbackServer> Running => _replicas.OfType<LoopbackServer>();

    public static string InstanceId(int index) => $"gateway-{index + 1}";

    public static async Task<GatewayFleet> StartAsync(int count, Uri stable, Uri? canary, double canaryPercent, params (string Key, string? Value)[] settings)
    {
        var redis = await RedisServer.StartAsync();
        var replicas = new List<LoopbackServer?>();
        for (var i = 0; i < count; i++)
        {
            (string, string?)[] own = [("ControlPlane:Redis", redis.ConnectionString), ("ControlPlane:InstanceId", InstanceId(i)), .. settings];
            replicas.Add(await GatewayServer.StartAsync(stable, canary, canaryPercent, own));
        }

        return new GatewayFleet(redis, replicas);
    }

    /// <summary>Stops one replica, as a crash would end it: it renews nothing and publishes nothing from then on.</summary>
    public async Task StopAsync(int index)
    {
        if (_replicas[index] is { } replica)
        {
            _replicas[index] = null;
            await replica.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Running.ToList())
        {
            await replica.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
