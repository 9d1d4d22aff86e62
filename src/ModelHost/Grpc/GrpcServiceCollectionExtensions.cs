namespace ModelHost.Grpc;

/// <summary>Registers the gRPC form of the protocol, its listener (<c>ModelHost:GrpcUrls</c>) and server reflection.</summary>
internal static class GrpcServiceCollectionExtensions
{
    public static WebApplicationBuilder AddModelHostGrpc(this WebApplicationBuilder builder, long maxMessageBytes)
    {
        var listener = GrpcListener.Add(builder, $"{ModelHostConfig.Section}:{nameof(ModelHostOptions.GrpcUrls)}");
        if (listener.Urls.Count > 0)
        {
            // Bound with the public URLs (first, so they stay the service's first address); no urls: Kestrel's default.
            var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            builder.WebHost.UseUrls([.. urls.Length > 0 ? urls : ["http://localhost:5000"], .. listener.Urls]);
        }

        // A message is capped like a REST body; an answer is as large as the model makes it.
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = (int)Math.Min(maxMessageBytes, int.MaxValue);
            o.MaxSendMessageSize = null;
        });
        builder.Services.AddGrpcReflection();
        return builder;
    }

    public static WebApplication MapModelHostGrpc(this WebApplication app)
    {
        app.Services.GetRequiredService<GrpcListener>().UseMessageLimits(app);
        app.MapGrpcService<InferenceService>();
        app.MapGrpcReflectionService();
        return app;
    }
}
