using ControlPlane;

namespace ModelHost.Fleet;

/// <summary>Registers what joins a ModelHost to the fleet: the control plane, its desired versions as configuration, and the heartbeat.</summary>
internal static class FleetServiceCollectionExtensions
{
    /// <summary>Call before the reconciler is registered, so the desired versions are read before the first models load.</summary>
    public static WebApplicationBuilder AddFleet(this WebApplicationBuilder builder)
    {
        var desired = new DesiredVersionsProvider();
        builder.Configuration.Sources.Add(desired);
        builder.Services.AddSingleton(desired);
        builder.Services.AddControlPlane(builder.Configuration);
        builder.Services.AddSingleton<RecordedDigests>();
        builder.Services.AddHostedService<DesiredVersionsSync>();
        builder.Services.AddHostedService<HeartbeatPublisher>();
        return builder;
    }
}
