using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gateway.Telemetry;

/// <summary>Accepts a caller's <c>X-Request-Id</c> (or makes one from the trace id), echoes it, tags the trace and scopes the logs with it.</summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[GatewayConfig.RequestIdHeader].ToString();
        var id = SafeId().IsMatch(given) ? given : Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
        context.Request.Headers[GatewayConfig.RequestIdHeader] = id;
        context.Response.Headers[GatewayConfig.RequestIdHeader] = id;
        Activity.Current?.SetTag("request.id", id);
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
        {
            await next(context);
        }
    }

    // Ids are echoed into headers and logs: only a short, plain alphabet is taken from callers.
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex SafeId();
}
