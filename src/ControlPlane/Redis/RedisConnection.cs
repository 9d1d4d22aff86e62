using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Redis;

/// <summary>
/// The one connection to the control plane's Redis, shared by its stores: connected in the background (start-up never
/// waits for Redis), every call bounded by <see cref="ControlPlaneOptions.TimeoutMilliseconds"/>, and every outcome
/// reported to <see cref="ControlPlaneStatus"/>.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ControlPlaneStatus _status;
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(IOptions<ControlPlaneOptions> options, ControlPlaneStatus status, ILogger<RedisConnection> logger)
    {
        var settings = options.Value;
        var configuration = ConfigurationOptions.Parse(settings.Redis);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, settings.TimeoutMilliseconds * 2);
        configuration.SyncTimeout = settings.TimeoutMilliseconds;
        configuration.AsyncTimeout = settings.TimeoutMilliseconds;
        configuration.ClientName ??= settings.InstanceId;
        Prefix = settings.KeyPrefix;
        InstanceId = settings.InstanceId;
        _status = status;
        _logger = logger;
        _multiplexer = ConnectionMultiplexer.Connect(configuration);
    }

    public string Prefix { get; }

    public string InstanceId { get; }

    public IConnectionMultiplexer Multiplexer => _multiplexer;

    public IDatabase Database => _multiplexer.GetDatabase();

    public ISubscriber Subscriber => _multiplexer.GetSubscriber();

    /// <summary>The channel every document change is announced on, with the document's name as the message.</summary>
    public RedisChannel Changes => RedisChannel.Literal(Prefix + "changed");

    public RedisKey Key(string name) => Prefix + name;

    /// <summary>Runs a call to Redis; null (and the store marked unreachable) when it fails or times out.</summary>
    public async Task<T?> TryAsync<T>(Func<IDatabase, Task<T>> call)
    {
        try
        {
            var result = await call(Database);
            if (!_status.Reachable)
            {
                Log.Reachable(_logger, _status.Since.TotalSeconds);
            }

            _status.Succeeded();
            return result;
        }
        // RedisCommandException (a command Redis refuses, e.g. keys across cluster slots) is not a RedisException.
        catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException or ObjectDisposedException)
        {
            if (_status.Reachable)
            {
                Log.Unreachable(_logger, e.Message);
            }

            _status.Failed(e.Message);
            return default;
        }
    }

    public void Dispose() => _multiplexer.Dispose();
}
