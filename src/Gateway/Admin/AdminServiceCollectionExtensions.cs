namespace Gateway.Admin;

/// <summary>Registers what the admin API needs beyond the canary services: the status report and promotion.</summary>
internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminAuthorizationFilter>();
        services.AddSingleton<ModelStatusReport>();
        services.AddSingleton<VersionRollout>();
        services.AddSingleton<Promotion>();
        services.AddSingleton<PromotionGate>();
        services.AddHttpClient(PromotionGate.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }
}
