using Gateway.Routing;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Shadow;

/// <summary>
/// Hands a sample of answered requests to the mirror queue once the caller has its answer: the input, the primary's
/// answer, version, track and backend latency. Nothing here can delay, fail or change the caller's answer: the record
/// holds bytes already in hand, and it is queued from <c>OnCompleted</c>, after the response, without waiting.
/// </summary>
internal sealed class ShadowMirrorMiddleware(RequestDelegate next, MirrorSampler sampler, MirrorQueue queue, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        if (!sampler.IsOn || request.HasBinaryData)
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status200OK
            || !BackendAnswerMiddleware.TryPeekHeld(context, out var answer)
            || !await sampler.ShouldMirrorAsync(request.Model))
        {
            return;
        }

        var record = new MirrorRecord(request.Model, request.Api, context.TraceIdentifier, time.GetUtcNow(), request.Body,
            context.Response.Headers[GatewayConfig.ModelVersionHeader].ToString(), request.Track, answer, time.GetElapsedTime(started).TotalMilliseconds);
        context.Response.OnCompleted(static state =>
        {
            var (mirror, queued) = ((MirrorQueue, MirrorRecord))state;
            mirror.Add(queued);
            return Task.CompletedTask;
        }, (queue, record));
    }
}
