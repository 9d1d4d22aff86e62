using ModelHost.Grpc;
using ModelHost.Protocol;
using ModelHost.Repository;

namespace ModelHost;

/// <summary>Maps everything the ModelHost serves: the protocol (REST and gRPC), <c>:predict</c>, the model repository extension and <c>/metrics</c>.</summary>
internal static class ModelHostEndpointExtensions
{
    public static WebApplication MapModelHost(this WebApplication app)
    {
        app.UseProtocolErrorBodies();
        app.MapServiceDefaults();
        app.MapOpenInferenceProtocol();
        app.MapModelRepository();
        app.MapModelHostGrpc();
        return app;
    }
}
