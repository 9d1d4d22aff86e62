namespace Gateway.Grpc;

/// <summary>Registers the gateway's gRPC form of the protocol: its listener (<c>Gateway:GrpcUrls</c>), the in-process dispatcher and server reflection.</summary>
internal static class GrpcServiceCollectionExtensions
{
    /// <summary>Before the admin listener: it binds the gRPC URLs with the public and admin ones.</summary>
    public static GrpcListener AddGatewayGrpc(this WebApplicationBuilder builder)
    {
        var listener = GrpcListener.Add(builder, $"{GatewayConfig.Section}:{nameof(GatewayOptions.GrpcUrls)}");
        var maxBody = builder.Configuration.GetValue($"{GatewayConfig.Section}:{nameof(GatewayOptions.MaxRequestBodyBytes)}", new GatewayOptions().MaxRequestBodyBytes);
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = (int)Math.Min(maxBody, int.MaxValue);
            o.MaxSendMessageSize = null;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<PipelineDispatcher>();
        return listener;
    }

    public static WebApplication MapGatewayGrpc(this WebApplication app)
    {
        app.MapGrpcService<GatewayInferenceService>();
        app.MapGrpcReflectionService();
        return app;
    }
}
