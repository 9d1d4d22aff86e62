using ModelHost.Protocol;

namespace ModelHost;

/// <summary>Maps everything the ModelHost serves: the protocol, <c>:predict</c>, and <c>/metrics</c>.</summary>
internal static class ModelHostEndpointExtensions
{
    public static WebApplication MapModelHost(this WebApplication app)
    {
        app.UseProtocolErrorBodies();
        app.MapServiceDefaults();
        app.MapOpenInferenceProtocol();
        return app;
    }
}
