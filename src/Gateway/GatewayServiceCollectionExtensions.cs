using ControlPlane;
using Gateway.Access;
using Gateway.Admin;
using Gateway.Analysis;
using Gateway.Assignment;
using Gateway.Caching;
using Gateway.Flags;
using Gateway.Grpc;
using Gateway.Jobs;
using Gateway.Pipeline;
using Gateway.Backends;
using Gateway.Shadow;
using Gateway.Telemetry;
using Gateway.Validation;
using StackExchange.Redis;
using Yarp.ReverseProxy.Transforms;

namespace Gateway;

/// <summary>Registers the gateway: options, schemas, YARP from the <c>ReverseProxy</c> section, the result cache, canary routing, the admin API and telemetry.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(GatewayConfig.ServiceName, GatewayConfig.InstrumentationName);
        builder.AddNativeHeapTrimming();
        builder.AddAdminListener(builder.AddGatewayGrpc());
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayConfig.Section));
        services.AddLastGoodOptions<GatewayOptions, GatewayOptionsValidator>();
        services.AddControlPlane(builder.Configuration);
        services.AddHostedService<GatewayStartupCheck>();
        services.AddSingleton<SchemaRegistry>();
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<Versioning.ApiVersionRouteConstraint>(Versioning.ApiVersionRouteConstraint.Name));
        services.AddSingleton<OpenApi.OpenApiDocument>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<TrackVersions>();
        services.AddSingleton<ResultCache>();
        services.AddSingleton(sp => new CacheEntrySeal(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.Cache.SigningKey));
        services.AddHttpClient(nameof(TrackVersionMonitor), c => c.Timeout = TimeSpan.FromSeconds(2));
        services.AddHostedService<TrackVersionMonitor>();
        services.AddSingleton<InstanceDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceDirectory>());
        services.AddSingleton<Yarp.ReverseProxy.ServiceDiscovery.IDestinationResolver, HeartbeatDestinationResolver>();
        services.AddSingleton<Yarp.ReverseProxy.Health.IPassiveHealthCheckPolicy, FailureRateHealthPolicy>();
        services.AddTrustedProxies(builder.Configuration);
        services.AddPublicRateLimits();
        services.AddFlags();
        services.AddAssignment();
        services.AddCanaryAnalysis();
        services.AddShadowMirroring();
        services.AddAdmin();
        services.AddJobs();
        services.AddRequestPipeline();
        // Routes come from the model catalog (Gateway:Models) and follow it as it changes; clusters from ReverseProxy.
        services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigProvider, Catalog.CatalogRouteProvider>();
        services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(transforms =>
            {
                // The caller's credentials are the gateway's to check, never the model backends' to see.
                transforms.AddRequestHeaderRemove(Microsoft.Net.Http.Headers.HeaderNames.Authorization);
                transforms.AddRequestHeaderRemove(Microsoft.Net.Http.Headers.HeaderNames.Cookie);
                transforms.AddRequestHeaderRemove(Microsoft.Net.Http.Headers.HeaderNames.ProxyAuthorization);
            });
        builder.AddResultCacheStore();

        var maxBody = builder.Configuration.GetValue($"{GatewayConfig.Section}:{nameof(GatewayOptions.MaxRequestBodyBytes)}", new GatewayOptions().MaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);
        return builder;
    }

    // Redis when ConnectionStrings:Redis is set, else in-memory, bounded by Gateway:Cache:MemoryLimitBytes. StackExchange.Redis waits ~5 s per call by default;
    // a cache must fail in milliseconds, and must not stop start-up when Redis is down.
    private static void AddResultCacheStore(this WebApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString(GatewayConfig.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            // Bounded by size (MemoryDistributedCache counts each entry's bytes), so distinct answers cannot grow it without end.
            var limit = builder.Configuration.GetValue($"{GatewayConfig.Section}:Cache:{nameof(Caching.CacheOptions.MemoryLimitBytes)}", new Caching.CacheOptions().MemoryLimitBytes);
            builder.Services.AddDistributedMemoryCache(o => o.SizeLimit = limit);
            return;
        }

        var configuration = ConfigurationOptions.Parse(redis);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 1000);
        configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 250);
        configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 250);
        configuration.ConnectRetry = 1;
        builder.Services.AddStackExchangeRedisCache(o =>
        {
            o.ConfigurationOptions = configuration;
            o.InstanceName = "gateway:";
        });
    }
}
