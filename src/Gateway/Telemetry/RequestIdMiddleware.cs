using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gateway.Telemetry;

/// <summary>
/// Accepts a caller's <c>X-Request-Id</c> (or makes one from the trace id), echoes it, forwards it, and tags the span.
/// It becomes the request's <see cref="HttpContext.TraceIdentifier"/>, which ASP.NET Core's log scope already carries
/// as <c>RequestId</c>, so every log line of the call names it at no extra cost.
/// </summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[GatewayConfig.RequestIdHeader].ToString();
        var id = SafeId().IsMatch(given) ? given : Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        context.Request.Headers[GatewayConfig.RequestIdHeader] = id;
        context.Response.Headers[GatewayConfig.RequestIdHeader] = id;
        Activity.Current?.SetTag("request.id", id);
        return next(context);
    }

    // Ids are echoed into headers and logs: only a short, plain alphabet is taken from callers.
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex SafeId();
}
