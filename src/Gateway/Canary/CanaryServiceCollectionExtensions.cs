using Microsoft.FeatureManagement;
using Yarp.ReverseProxy.Health;

namespace Gateway.Canary;

/// <summary>Registers canary routing: the control plane's flags and Microsoft.FeatureManagement over them, assignment, per-track windows shared across the fleet, the analysis and its rollbacks.</summary>
internal static class CanaryServiceCollectionExtensions
{
    public static IServiceCollection AddCanary(this IServiceCollection services)
    {
        services.AddSingleton(Random.Shared);
        services.AddSingleton<CanaryFlags>();
        services.AddHostedService<FlagsSync>();
        // Feature management evaluates the flags' own configuration root, not the gateway's settings.
        services.AddSingleton<IFeatureDefinitionProvider>(sp => new ConfigurationFeatureDefinitionProvider(sp.GetRequiredService<CanaryFlags>().Root));
        services.AddFeatureManagement();
        services.AddSingleton<CallerIdentity>();
        services.AddSingleton<CallerKeys>();
        services.AddSingleton<CallerWeights>();
        services.AddSingleton<TrackAssigner>();
        services.AddSingleton<TrackStatistics>();
        services.AddSingleton<CanaryShareGauges>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<FlagStore>();
        services.AddSingleton<FleetWindows>();
        services.AddHostedService<FleetWindowPublisher>();
        services.AddSingleton<CanaryAnalyzer>();
        services.AddHostedService(sp => sp.GetRequiredService<CanaryAnalyzer>());
        services.AddSingleton<IPassiveHealthCheckPolicy, Routing.FailureRateHealthPolicy>();
        return services;
    }
}
