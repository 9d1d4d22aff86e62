using Gateway.Caching;
using Gateway.Pipeline.Intake;
using Gateway.Telemetry;
using Gateway.Versioning;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Pipeline.Decide;

/// <summary>
/// The second stage: looks the call up in the result cache, under the version its track serves. <c>Cache-Control:
/// no-cache</c> skips the lookup, <c>no-store</c> the store. A hit or a miss is counted here, once per call.
/// </summary>
internal sealed class DecideStage(ResultCache cache, IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics)
{
    public async ValueTask<CacheLookup> LookupAsync(HttpContext context, GatewayRequest request)
    {
        var ttl = TimeSpan.FromSeconds(options.CurrentValue.Models[request.Model].CacheTtlSeconds);
        if (ttl <= TimeSpan.Zero)
        {
            return CacheLookup.Off;
        }

        var header = context.Request.Headers.CacheControl;
        var control = header.Count > 0 && CacheControlHeaderValue.TryParse(header.ToString(), out var parsed) ? parsed : null;
        // The answer cached is the backend's, which ids never reach: the key leaves them out, so the same features hit
        // whatever ids they carry (the ids go into the answer on the way out).
        var json = InstanceIds.Echoes(request.Api) ? InstanceIds.Without(request.Json) : request.Json;
        var key = new CacheKey(request.Api, request.Model, json, request.HasBinaryData ? request.Body : null);
        var lookup = new CacheLookup(key, ttl, control?.NoStore != true, null);
        if (control?.NoCache != true && request.ModelVersion is { } known
            && await cache.GetAsync(key.For(known), context.RequestAborted) is { } hit)
        {
            metrics.RecordCacheHit(request.Model);
            return lookup with { Hit = hit };
        }

        metrics.RecordCacheMiss(request.Model);
        return lookup;
    }
}
