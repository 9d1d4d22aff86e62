using Microsoft.FeatureManagement;
using Yarp.ReverseProxy.Health;

namespace Gateway.Canary;

/// <summary>Registers canary routing: the flags file and Microsoft.FeatureManagement over it, assignment, per-track windows, the analysis and its rollbacks.</summary>
internal static class CanaryServiceCollectionExtensions
{
    public static IServiceCollection AddCanary(this IServiceCollection services)
    {
        services.AddSingleton(Random.Shared);
        services.AddSingleton<CanaryFlags>();
        // Feature management evaluates the flags file's own configuration root, not the gateway's settings.
        services.AddSingleton<IFeatureDefinitionProvider>(sp => new ConfigurationFeatureDefinitionProvider(sp.GetRequiredService<CanaryFlags>().Root));
        services.AddFeatureManagement();
        services.AddSingleton<CallerIdentity>();
        services.AddSingleton<TrackAssigner>();
        services.AddSingleton<TrackStatistics>();
        services.AddSingleton<CanaryShareGauges>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<FlagStore>();
        services.AddSingleton<CanaryAnalyzer>();
        services.AddHostedService(sp => sp.GetRequiredService<CanaryAnalyzer>());
        services.AddSingleton<IPassiveHealthCheckPolicy, Routing.FailureRateHealthPolicy>();
        return services;
    }
}
