using System.Text.Json;
using Grpc.Core;

namespace Gateway.Grpc;

/// <summary>
/// The gRPC status of each HTTP outcome the gateway answers, so a gRPC caller learns what a REST caller would: 400 and
/// 415 invalid argument, 401 unauthenticated, 403 permission denied, 404 not found, 413 and 429 resource exhausted, 502
/// and 503 unavailable, 504 deadline exceeded, anything else internal; the message is the protocol's error text.
/// </summary>
internal static class GrpcErrors
{
    public static RpcException FromAnswer(DispatchedAnswer answer)
    {
        var code = answer.Status switch
        {
            StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status405MethodNotAllowed => StatusCode.InvalidArgument,
            StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
            StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
            StatusCodes.Status404NotFound => StatusCode.NotFound,
            StatusCodes.Status413PayloadTooLarge or StatusCodes.Status429TooManyRequests => StatusCode.ResourceExhausted,
            StatusCodes.Status504GatewayTimeout => StatusCode.DeadlineExceeded,
            StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
            _ => StatusCode.Internal,
        };
        var trailers = new Metadata();
        if (answer.Headers.RetryAfter.ToString() is { Length: > 0 } retry)
        {
            trailers.Add("retry-after", retry);
        }

        return new RpcException(new Status(code, Message(answer)), trailers);
    }

    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    // The protocol's {"error": "…"}, or a problem's detail; else the status alone.
    private static string Message(DispatchedAnswer answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && (root.TryGetProperty("error", out var text) || root.TryGetProperty("detail", out text)) && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return $"The gateway answered {answer.Status}.";
    }
}
