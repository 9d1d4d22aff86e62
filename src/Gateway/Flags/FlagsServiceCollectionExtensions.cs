using Microsoft.FeatureManagement;

namespace Gateway.Flags;

/// <summary>Registers the flags: the control plane's canary and shadow shares, Microsoft.FeatureManagement over them, their changes and gauges.</summary>
internal static class FlagsServiceCollectionExtensions
{
    public static IServiceCollection AddFlags(this IServiceCollection services)
    {
        services.AddSingleton<CanaryFlags>();
        services.AddHostedService<FlagsSync>();
        // Feature management evaluates the flags' own configuration root, not the gateway's settings.
        services.AddSingleton<IFeatureDefinitionProvider>(sp => new ConfigurationFeatureDefinitionProvider(sp.GetRequiredService<CanaryFlags>().Root));
        services.AddFeatureManagement();
        services.AddSingleton<CanaryShareGauges>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<FlagStore>();
        return services;
    }
}
