namespace Gateway;

/// <summary>Every error the gateway answers, as RFC 9457 (formerly 7807) <c>application/problem+json</c>.</summary>
internal static class GatewayProblems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, object? errors = null, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
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
