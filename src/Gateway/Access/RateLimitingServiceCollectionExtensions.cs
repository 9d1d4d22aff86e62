using System.Globalization;
using System.Threading.RateLimiting;
using ControlPlane;
using RedisRateLimiting;

namespace Gateway.Access;

/// <summary>
/// Per-caller rate limits on the public API with ASP.NET Core's rate limiter: a token bucket per API key, and per client
/// address for calls without one. With a shared control plane the buckets are counted in its Redis (RedisRateLimiting),
/// so a caller's limit holds for the fleet, not per replica; while Redis is unreachable, each replica counts alone. A
/// limited caller's call then costs one Redis script on the request path (unlimited callers, the default, none).
/// </summary>
internal static class RateLimitingServiceCollectionExtensions
{
    public const string PublicPolicy = "public";

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyDirectory>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                return new ValueTask(GatewayProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "This caller's rate limit is used up; retry after Retry-After seconds.", retryAfter: retry));
            };
            limiter.AddPolicy(PublicPolicy, context =>
            {
                var keys = context.RequestServices.GetRequiredService<ApiKeyDirectory>();
                if (keys.TryFind(context.Request.Headers[GatewayConfig.ApiKeyHeader], out var caller, out var key))
                {
                    return key.PermitsPerSecond > 0
                        ? Partition(context, $"key:{caller}:{key.PermitsPerSecond}:{key.Burst}", key.PermitsPerSecond, key.Burst)
                        : RateLimitPartition.GetNoLimiter("unlimited");
                }

                var anonymous = keys.Settings.AnonymousPermitsPerSecond;
                return anonymous > 0
                    ? Partition(context, $"address:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}:{anonymous.ToString(CultureInfo.InvariantCulture)}", anonymous, 0)
                    : RateLimitPartition.GetNoLimiter("unlimited");
            });
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string key, int perSecond, int burst)
    {
        var redis = context.RequestServices.GetService<SharedRedis>();
        if (redis is null)
        {
            return RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(perSecond, burst));
        }

        var status = context.RequestServices.GetRequiredService<ControlPlaneStatus>();
        return RateLimitPartition.Get(key, k => new FallbackRateLimiter(
            new RedisTokenBucketRateLimiter<string>(redis.KeyPrefix + "ratelimit:" + k, new RedisTokenBucketRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis.Multiplexer,
                TokenLimit = burst > 0 ? burst : perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            }),
            new TokenBucketRateLimiter(Bucket(perSecond, burst)),
            status,
            context.RequestServices.GetRequiredService<TimeProvider>()));
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst > 0 ? burst : perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
