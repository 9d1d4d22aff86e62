using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Routing;

/// <summary>Turns YARP's bodiless forwarding failures into problem+json: 503 with Retry-After when no backend is healthy, 504 on timeout, 502 otherwise.</summary>
internal sealed class ForwarderErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        var (status, detail, retry) = error.Error switch
        {
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, "No healthy model backend is available.", (TimeSpan?)TimeSpan.FromSeconds(1)),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, "The model backend did not answer in time.", null),
            _ => (StatusCodes.Status502BadGateway, $"The model backend could not be reached ({error.Error}).", (TimeSpan?)TimeSpan.FromSeconds(1)),
        };
        await GatewayProblems.WriteAsync(context, status, "Model backend unavailable", detail, retryAfter: retry);
    }
}
