using Gateway.Access;
using Gateway.Admin;
using Gateway.Canary;
using Gateway.Caching;
using Gateway.Jobs;
using Gateway.Catalog;
using Gateway.OpenApi;
using Gateway.Routing;
using Gateway.Shadow;
using Gateway.Telemetry;
using Gateway.Validation;

namespace Gateway;

/// <summary>Maps the gateway: request ids, problem answers, health, catalog, the proxied request pipeline on the public listener, and metrics and the admin API on the admin listener.</summary>
internal static class GatewayEndpointExtensions
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        // First: the client's address (through trusted proxies only) is what rate limits and canary assignment see.
        app.Services.GetRequiredService<AdminListener>().Attach(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>());
        app.UseTrustedProxies();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<OversizedBodyMiddleware>();
        app.UseStatusCodePages(context => GatewayProblems.WriteBodilessAsync(context.HttpContext));
        app.UseMiddleware<ListenerSeparationMiddleware>();
        app.UseRateLimiter();
        app.MapMetrics().WithMetadata(ServedOn.AdminListener);
        app.MapHealth();
        app.MapCatalog();
        app.MapOpenApiDocument();
        app.MapJobs();
        app.MapAdmin();

        // The request path of ../shared/DESIGN.md, one step per middleware.
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<RequestMetricsMiddleware>();
            proxy.UseMiddleware<ForwarderErrorMiddleware>();
            proxy.UseMiddleware<ApiKeyMiddleware>();
            proxy.UseMiddleware<GatewayRequestMiddleware>();
            proxy.UseMiddleware<ValidationMiddleware>();
            proxy.UseMiddleware<TrackSelectionMiddleware>();
            proxy.UseMiddleware<ResultCacheMiddleware>();
            proxy.UseMiddleware<ShadowMirrorMiddleware>();
            proxy.UseMiddleware<BackendAnswerMiddleware>();
            proxy.UseMiddleware<TrackObservationMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).RequireRateLimiting(RateLimitingServiceCollectionExtensions.PublicPolicy);
        return app;
    }
}
