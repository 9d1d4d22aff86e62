using ModelHost.Inference;

namespace ModelHost.Protocol;

/// <summary>The protocol's error answers: <c>{"error": "…"}</c> with the status codes its implementations use.</summary>
internal static class ProtocolResults
{
    public static IResult Error(int status, string message) =>
        Results.Json(new ErrorBody(message), statusCode: status);

    public static IResult Error(InferenceError error) => error.Kind switch
    {
        InferenceErrorKind.BadRequest => Error(StatusCodes.Status400BadRequest, error.Message),
        InferenceErrorKind.NotFound => Error(StatusCodes.Status404NotFound, error.Message),
        _ => new RetryLater(Error(StatusCodes.Status503ServiceUnavailable, error.Message)),
    };

    /// <summary>The body of every error answer.</summary>
    /// <param name="Error">What went wrong, in words a caller can act on.</param>
    public sealed record ErrorBody(string Error);

    // 503 answers say when to try again (RFC 9110 §10.2.3), so well-behaved clients back off.
    private sealed class RetryLater(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
