using Microsoft.Extensions.Options;

namespace Gateway.Pipeline.Intake;

/// <summary>
/// A request that declares a body larger than the gateway ever reads is answered with <c>Connection: close</c>, whatever
/// answers it (413, 401, 404): Kestrel cannot drain such a body, so it closes the connection after the answer, and a
/// client not told so would send its next request down that connection and lose it.
/// </summary>
internal sealed class OversizedBodyMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > options.CurrentValue.MaxRequestBodyBytes)
        {
            context.Response.Headers.Connection = "close";
        }

        return next(context);
    }
}
