namespace Gateway.Shadow;

/// <summary>Registers mirroring: the sampler, the bounded queue, and the sender with its own HttpClient.</summary>
internal static class ShadowServiceCollectionExtensions
{
    public static IServiceCollection AddShadowMirroring(this IServiceCollection services)
    {
        services.AddSingleton<MirrorSampler>();
        services.AddSingleton<MirrorQueue>();
        // Its own client and connections: a slow or dead ShadowCompare cannot hold up the connections to the models.
        services.AddHttpClient(MirrorSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<MirrorSender>();
        return services;
    }
}
