using Gateway.Access;
using Gateway.Admin;
using Gateway.Jobs;
using Gateway.Catalog;
using Gateway.Grpc;
using Gateway.OpenApi;
using Gateway.Pipeline;
using Gateway.Protocol;
using Gateway.Backends;
using Gateway.Telemetry;

namespace Gateway;

/// <summary>Maps the gateway: request ids, problem answers, health, catalog, the proxied request pipeline on the public listener, and metrics and the admin API on the admin listener.</summary>
internal static class GatewayEndpointExtensions
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        // First: the client's address (through trusted proxies only) is what rate limits and canary assignment see.
        app.Services.GetRequiredService<AdminListener>().Attach(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>());

        // gRPC calls are dispatched in process into everything from routing on, so they take the REST request's path.
        app.Services.GetRequiredService<PipelineDispatcher>().Capture(app);
        app.UseRouting();
        app.UseTrustedProxies();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<Pipeline.Intake.OversizedBodyMiddleware>();
        app.UseStatusCodePages(context => GatewayProblems.WriteBodilessAsync(context.HttpContext));
        app.UseMiddleware<ListenerSeparationMiddleware>();
        app.UseRateLimiter();
        app.Services.GetRequiredService<GrpcListener>().UseMessageLimits(app);
        app.MapMetrics().WithMetadata(ServedOn.AdminListener);
        app.MapHealth();
        app.MapCatalog();
        app.MapOpenInferenceProtocol();
        app.MapGatewayGrpc();
        app.MapOpenApiDocument();
        app.MapJobs();
        app.MapAdmin();

        // The request path: intake → decide → call → record (Pipeline/); YARP's own steps run inside the call stage.
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<RequestPipelineMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).RequireRateLimiting(RateLimitingServiceCollectionExtensions.PublicPolicy);
        return app;
    }
}
