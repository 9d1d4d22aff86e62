using Gateway.Protocol;

namespace Gateway;

/// <summary>
/// Every error the gateway answers: RFC 9457 (formerly 7807) <c>application/problem+json</c>, or on the Open Inference
/// Protocol's paths (<see cref="OipPaths"/>) the protocol's <c>{"error": "…"}</c>, with the same status.
/// </summary>
internal static class GatewayProblems
{
    /// <summary>The problem for an error status that was set without a body: no route (404), wrong method (405), or a query string that does not bind (400).</summary>
    public static Task WriteBodilessAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var request = $"{context.Request.Method} {context.Request.Path}";
        var (title, detail) = status switch
        {
            StatusCodes.Status404NotFound => ("Not found", $"{request} is not served here."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{request} is not served here."),
            _ => (Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), $"{request} could not be processed; check its query string and headers."),
        };
        return WriteAsync(context, status, title, detail);
    }

    public static Task WriteAsync(
        HttpContext context, int status, string title, string detail, IReadOnlyList<FieldError>? errors = null, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (OipPaths.Contains(context.Request.Path))
        {
            // The protocol's error is one string (OIP REST, "Error Response"): the failing paths go into it.
            var message = errors is { Count: > 0 }
                ? $"{title}: {detail} {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Reason}"))}"
                : $"{title}: {detail}";
            return TypedResults.Json(new OipError(message), statusCode: status).ExecuteAsync(context);
        }

        var extensions = new Dictionary<string, object?>();
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        if (context.Response.Headers.TryGetValue(GatewayConfig.RequestIdHeader, out var id))
        {
            extensions["requestId"] = id.ToString();
        }

        return TypedResults.Problem(detail, context.Request.Path, status, title, extensions: extensions).ExecuteAsync(context);
    }
}
