using ControlPlane.Local;
using ControlPlane.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlPlane;

/// <summary>Registers the control plane: Redis when <c>ControlPlane:Redis</c> is set, else the local folder.</summary>
public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IDesiredState"/>, <see cref="IAuditTrail"/>, <see cref="ILeases"/>, <see cref="IObservedState"/>, <see cref="ControlPlaneStatus"/>, and with Redis <see cref="SharedRedis"/>.</summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ControlPlaneOptions>().Bind(configuration.GetSection(ControlPlaneOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>();
        var shared = !string.IsNullOrWhiteSpace(configuration[$"{ControlPlaneOptions.Section}:{nameof(ControlPlaneOptions.Redis)}"]);
        services.AddSingleton(sp => new ControlPlaneStatus(sp.GetRequiredService<TimeProvider>()) { Shared = shared });
        if (shared)
        {
            services.AddSingleton<RedisConnection>();
            services.AddSingleton(sp => new SharedRedis(sp.GetRequiredService<RedisConnection>().Multiplexer, sp.GetRequiredService<RedisConnection>().Prefix));
            services.AddSingleton<IDesiredState, RedisDesiredState>();
            services.AddSingleton<IAuditTrail, RedisAuditTrail>();
            services.AddSingleton<ILeases, RedisLeases>();
            services.AddSingleton<IObservedState, RedisObservedState>();
            services.AddSingleton<IRecords, RedisRecords>();
        }
        else
        {
            services.AddSingleton<LocalFolder>();
            services.AddSingleton<LocalAuditTrail>();
            services.AddSingleton<IDesiredState, LocalDesiredState>();
            services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<LocalAuditTrail>());
            services.AddSingleton<ILeases, LocalLeases>();
            services.AddSingleton<IObservedState, LocalObservedState>();
            services.AddSingleton<IRecords, LocalRecords>();
        }

        return services;
    }
}
