using System.Net;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Routing;

/// <summary>
/// A backend that answers 503 cannot take the call now: a ModelHost still loading its models after a restart, or with
/// its queue full. When the call could go elsewhere (<see cref="GatewayRequest.MayRetryElsewhere"/>), this response
/// transform drops that answer before any of it reaches the client: the headers YARP copied from it are removed, its
/// body is not copied, and the request is marked so the track selection sends the call on.
/// </summary>
internal static class UnavailableAnswerTransform
{
    public static ValueTask ApplyAsync(ResponseTransformContext context)
    {
        if (context.ProxyResponse?.StatusCode != HttpStatusCode.ServiceUnavailable
            || context.HttpContext.Features.Get<GatewayRequest>() is not { MayRetryElsewhere: true } request)
        {
            return ValueTask.CompletedTask;
        }

        var headers = context.HttpContext.Response.Headers;
        foreach (var header in context.ProxyResponse.Headers)
        {
            headers.Remove(header.Key);
        }

        foreach (var header in context.ProxyResponse.Content.Headers)
        {
            headers.Remove(header.Key);
        }

        context.SuppressResponseBody = true;
        request.AnswerDropped = true;
        return ValueTask.CompletedTask;
    }
}
