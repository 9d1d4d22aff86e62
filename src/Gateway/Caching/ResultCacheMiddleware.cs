using Gateway.Routing;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Caching;

/// <summary>
/// Answers repeats from the result cache; otherwise forwards, holds the backend's answer, checks it (see
/// <see cref="BackendAnswerMiddleware"/>), stores a success and writes it out. <c>Cache-Control: no-cache</c> skips the
/// lookup, <c>no-store</c> the store. Every answer says <c>X-Cache: HIT</c> or <c>MISS</c>.
/// </summary>
internal sealed class ResultCacheMiddleware(
    RequestDelegate next, ResultCache cache, IOptionsMonitor<GatewayOptions> options, TrackVersions versions, GatewayMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        var ttl = TimeSpan.FromSeconds(options.CurrentValue.Models[request.Model].CacheTtlSeconds);
        var control = CacheControlHeaderValue.TryParse(context.Request.Headers.CacheControl.ToString(), out var parsed) ? parsed : null;
        var enabled = ttl > TimeSpan.Zero;
        var key = new CacheKey(request);

        if (enabled && control?.NoCache != true && request.ModelVersion is { } known)
        {
            var hit = await cache.GetAsync(key.For(known), context.RequestAborted);
            if (hit is not null)
            {
                metrics.RecordCacheHit(request.Model);
                await WriteHitAsync(context, hit);
                return;
            }
        }

        if (enabled)
        {
            metrics.RecordCacheMiss(request.Model);
        }

        var answer = await BackendAnswerMiddleware.ForwardAndHoldAsync(context, next);
        if (answer is null)
        {
            return;
        }

        var version = context.Response.Headers[GatewayConfig.ModelVersionHeader].ToString();
        if (version.Length > 0)
        {
            versions.Set(context.GetReverseProxyFeature().Cluster!.Config.ClusterId, request.Model, version);
            if (enabled && control?.NoStore != true && context.Response.StatusCode == StatusCodes.Status200OK)
            {
                // Keyed by the version that answered, which may be newer than the one looked up.
                cache.Store(key.For(version), new CachedAnswer(context.Response.ContentType ?? "application/json", version, answer), ttl);
            }
        }

        await BackendAnswerMiddleware.WriteAsync(context, answer);
    }

    private static async Task WriteHitAsync(HttpContext context, CachedAnswer hit)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = hit.ContentType;
        context.Response.ContentLength = hit.Body.Length;
        context.Response.Headers[GatewayConfig.ModelVersionHeader] = hit.ModelVersion;
        context.Response.Headers[GatewayConfig.CacheHeader] = "HIT";
        await context.Response.Body.WriteAsync(hit.Body, context.RequestAborted);
    }
}
