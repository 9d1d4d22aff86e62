namespace Gateway.Jobs;

/// <summary>Registers the batch jobs: their store in the control plane, their files, the runner and the webhook.</summary>
internal static class JobServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobFiles>();
        services.AddSingleton<OnlineCalls>();
        services.AddSingleton<BatchAnswerer>();
        services.AddSingleton<JobWebhook>();
        services.AddHostedService<JobRunner>();
        services.AddHttpClient(BatchAnswerer.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        // A webhook goes to the allowed host it names and nowhere else: no redirect is followed.
        services.AddHttpClient(JobWebhook.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
