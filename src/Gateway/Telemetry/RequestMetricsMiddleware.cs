using Gateway.Routing;

namespace Gateway.Telemetry;

/// <summary>Times every proxied call, start to answer, tagged with model, API, track and outcome (hit, miss, or the status class of a failure), and counts those in flight (batch jobs yield to them).</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, GatewayMetrics metrics, Jobs.OnlineCalls online, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        online.Started();
        try
        {
            await next(context);
        }
        finally
        {
            online.Ended();
            var metadata = context.GetReverseProxyFeature().Route.Config.Metadata;
            var status = context.Response.StatusCode;
            var outcome = status < 400
                ? context.Response.Headers[GatewayConfig.CacheHeader] == "HIT" ? "hit" : "miss"
                : status < 500 ? "client_error" : "backend_error";
            metrics.RecordRequest(
                metadata?.GetValueOrDefault(GatewayConfig.ModelMetadata) ?? "",
                metadata?.GetValueOrDefault(GatewayConfig.ApiMetadata) ?? "",
                context.Features.Get<GatewayRequest>()?.Track ?? Tracks.Stable,
                outcome,
                time.GetElapsedTime(started));
        }
    }
}
