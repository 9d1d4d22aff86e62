using Gateway.Routing;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Canary;

/// <summary>
/// Records each backend answer in its track's window, as the backend gave it (before the gateway turns errors into
/// problems): a 5xx, a timeout or a transport failure is an error; a client that went away is not the backend's fault.
/// A call over its caller's weight (<see cref="CallerWeights"/>) is not recorded.
/// </summary>
internal sealed class TrackObservationMiddleware(RequestDelegate next, TrackStatistics statistics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        var started = time.GetTimestamp();
        await next(context);
        if (context.RequestAborted.IsCancellationRequested || !request.Observed)
        {
            return;
        }

        var failed = context.Features.Get<IForwarderErrorFeature>() is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError;
        statistics.For(request.Model, request.Track).RecordAnswer(time.GetElapsedTime(started), failed);
    }
}
