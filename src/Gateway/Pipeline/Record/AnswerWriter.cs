using Gateway.Caching;
using Gateway.Pipeline.Call;
using Gateway.Pipeline.Intake;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json.Linq;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Pipeline.Record;

/// <summary>
/// Answers the client from a cache hit or a call's outcome. A success goes out as the backend gave it; everything else
/// becomes problem+json: a backend's refusal (4xx) keeps its status and message, a backend failure is a 502, a timeout
/// a 504, and no healthy backend a 503; the 502 and the 503 carry <c>Retry-After</c>.
/// </summary>
internal static class AnswerWriter
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static Task WriteHitAsync(HttpContext context, CachedAnswer hit)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = hit.ContentType;
        response.ContentLength = hit.Body.Length;
        response.Headers[GatewayConfig.ModelVersionHeader] = hit.ModelVersion;
        response.Headers[GatewayConfig.CacheHeader] = "HIT";
        return response.Body.WriteAsync(hit.Body, context.RequestAborted).AsTask();
    }

    public static Task WriteAsync(HttpContext context, BackendOutcome outcome)
    {
        var answer = outcome.Final;
        // A failed outcome with a status under 500: the answer broke its schema (strict mode) or had unsendable headers.
        if (outcome.Kind == OutcomeKind.Failed && answer is { Error: null, Status: < 500 })
        {
            return GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Invalid backend answer", outcome.BrokeSchema
                ? "The model backend answered with a body that does not match the response schema."
                : "The model backend answered with headers that cannot be sent (bytes outside ASCII).");
        }

        if (answer is { Error: null, Status: >= 400 })
        {
            // A refusal or failure keeps what the backend said about itself (its version, Retry-After); the body becomes a problem.
            CopyHeaders(context.Response, answer, except: HeaderNames.ContentType);
        }

        return answer switch
        {
            { Error: ForwarderError.NoAvailableDestinations } => GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "Model backend unavailable", "No healthy model backend is available.", retryAfter: RetryAfter),
            { Error: ForwarderError.RequestTimedOut } => GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                "Model backend unavailable", "The model backend did not answer in time."),
            { Error: { } error } => GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway,
                "Model backend unavailable", $"The model backend could not be reached ({error}).", retryAfter: RetryAfter),
            { Status: >= 500 } => GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Model backend failed",
                $"The model backend answered {answer.Status}{(BackendMessage(answer) is { } message ? $": {message}" : ".")}", retryAfter: RetryAfter),
            { Status: >= 400 } => GatewayProblems.WriteAsync(context, answer.Status, "The model refused the request",
                BackendMessage(answer) ?? $"The model backend answered {answer.Status}."),
            _ => WriteAnswerAsync(context, answer),
        };
    }

    private static Task WriteAnswerAsync(HttpContext context, BackendAttempt answer)
    {
        var response = context.Response;
        response.StatusCode = answer.Status;
        CopyHeaders(response, answer);
        response.ContentLength = answer.Body.Length;
        return response.Body.WriteAsync(answer.Body, context.RequestAborted).AsTask();
    }

    private static void CopyHeaders(HttpResponse response, BackendAttempt answer, string? except = null)
    {
        foreach (var (name, value) in answer.Headers)
        {
            if (!name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
                && !name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase)
                && !name.Equals(except, StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = value;
            }
        }
    }

    private static string? BackendMessage(BackendAttempt answer) =>
        (JsonBodyParser.TryParse(answer.Body, out _) as JObject)?["error"]?.ToString();
}
