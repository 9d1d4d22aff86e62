namespace Gateway.Admin;

/// <summary>Says at start-up where the admin API listens, or that it is off because no admin URL is set.</summary>
internal sealed class AdminListenerAnnouncement(AdminListener listener, IHostApplicationLifetime lifetime, ILogger<AdminListenerAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (listener.Address is { } address)
            {
                Log.AdminListening(logger, address);
            }
            else
            {
                Log.AdminOff(logger);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
