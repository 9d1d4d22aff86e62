namespace Gateway.Admin;

/// <summary>Registers what the admin API needs beyond the canary services: the status report and promotion.</summary>
internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminAuthorizationFilter>();
        services.AddSingleton<ModelStatusReport>();
        services.AddSingleton<Promotion>();
        services.AddSingleton<PromotionGate>();
        services.AddHttpClient(PromotionGate.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        // A hot load warms a model up before it answers: minutes for a large one.
        services.AddHttpClient(Promotion.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(3));
        return services;
    }
}
