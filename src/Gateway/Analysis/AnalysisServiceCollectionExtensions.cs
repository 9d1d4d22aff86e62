namespace Gateway.Analysis;

/// <summary>Registers the canary analysis: per-track windows and runs shared across the fleet, the judgement, and its rollbacks.</summary>
internal static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddCanaryAnalysis(this IServiceCollection services)
    {
        services.AddSingleton<CallerWeights>();
        services.AddSingleton<TrackStatistics>();
        services.AddSingleton<FleetWindows>();
        services.AddHostedService<FleetWindowPublisher>();
        services.AddSingleton<CanaryAnalyzer>();
        services.AddHostedService(sp => sp.GetRequiredService<CanaryAnalyzer>());
        return services;
    }
}
