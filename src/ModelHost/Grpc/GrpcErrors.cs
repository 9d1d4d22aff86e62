using Grpc.Core;
using ModelHost.Inference;

namespace ModelHost.Grpc;

/// <summary>The gRPC status for each outcome the REST answers give a status code: 400, 404 and 503.</summary>
internal static class GrpcErrors
{
    public static RpcException From(InferenceError error) => new(new Status(error.Kind switch
    {
        InferenceErrorKind.BadRequest => StatusCode.InvalidArgument,
        InferenceErrorKind.NotFound => StatusCode.NotFound,
        _ => StatusCode.Unavailable,
    }, error.Message));

    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
