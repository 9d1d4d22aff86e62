using Gateway.Telemetry;
using Gateway.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Gateway.Routing;

/// <summary>
/// Holds the backend's answer in memory instead of streaming it, so the gateway can still change its mind: a backend
/// error becomes problem+json (4xx keeps its status and message; 5xx becomes 502), and a success that breaks its
/// response schema is logged and counted, or in strict mode replaced by a 502. Outside strict mode only a sample of
/// answers (<see cref="GatewayOptions.ResponseCheckShare"/>) is checked.
/// </summary>
internal sealed class BackendAnswerMiddleware(
    RequestDelegate next, SchemaRegistry schemas, IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics, TimeProvider time, ILogger<BackendAnswerMiddleware> logger)
{
    private const string HeldAnswerKey = "gateway.held-answer";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
            metrics.RecordBackend(request.Model, request.Track, time.GetElapsedTime(started));
        }

        // Nothing to hold when the call failed, or when its 503 was dropped for the track selection to send it elsewhere.
        if (context.GetForwarderErrorFeature() is not null || request.AnswerDropped)
        {
            return;
        }

        var answer = buffer.ToArray();
        var status = context.Response.StatusCode;
        if (status >= 400)
        {
            await WriteBackendErrorAsync(context, status, answer);
            return;
        }

        if (status == StatusCodes.Status200OK && IsJson(context.Response.ContentType) && IsChecked() && !MatchesSchema(request, answer))
        {
            metrics.RecordResponseViolation(request.Model, request.Api);
            Log.ResponseViolation(logger, request.Model, request.Api);
            if (options.CurrentValue.StrictResponseValidation)
            {
                context.Response.Headers.Remove(GatewayConfig.ModelVersionHeader);
                await GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Invalid backend answer",
                    "The model backend answered with a body that does not match the response schema.");
                return;
            }
        }

        context.Items[HeldAnswerKey] = answer;
    }

    /// <summary>Runs the rest of the pipeline and returns the held successful answer, or null when an answer was already written.</summary>
    public static async Task<byte[]?> ForwardAndHoldAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        return context.Items.Remove(HeldAnswerKey, out var held) ? (byte[]?)held : null;
    }

    /// <summary>The held successful answer, for steps between the cache and this one that look at it without taking it.</summary>
    public static bool TryPeekHeld(HttpContext context, out byte[] answer)
    {
        answer = context.Items.TryGetValue(HeldAnswerKey, out var held) && held is byte[] bytes ? bytes : [];
        return answer.Length > 0;
    }

    public static Task WriteAsync(HttpContext context, byte[] answer)
    {
        context.Response.ContentLength = answer.Length;
        return context.Response.Body.WriteAsync(answer, context.RequestAborted).AsTask();
    }

    private bool IsChecked()
    {
        var current = options.CurrentValue;
        return current.StrictResponseValidation || Random.Shared.NextDouble() < current.ResponseCheckShare;
    }

    private bool MatchesSchema(GatewayRequest request, byte[] answer)
    {
        var json = JsonBodyParser.TryParse(answer, out _);
        return json is not null && SchemaValidator.Validate(schemas.For(request.Model, request.Api).Response, json).Count == 0;
    }

    private static Task WriteBackendErrorAsync(HttpContext context, int status, byte[] answer)
    {
        var message = (JsonBodyParser.TryParse(answer, out _) as JObject)?["error"]?.ToString();
        context.Response.Headers.ContentLength = null;
        return status >= 500
            ? GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Model backend failed",
                $"The model backend answered {status}{(message is null ? "." : $": {message}")}", retryAfter: TimeSpan.FromSeconds(1))
            : GatewayProblems.WriteAsync(context, status, "The model refused the request", message ?? $"The model backend answered {status}.");
    }

    private static bool IsJson(string? contentType) => contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
}
