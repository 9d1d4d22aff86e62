using System.IO.Pipelines;

namespace Gateway.Pipeline.Intake;

/// <summary>Reads a request body once, under a cap the gateway enforces itself (YARP's route limit does not cover middleware that reads first).</summary>
internal static class RequestBodyReader
{
    /// <returns>The bytes, or null when the body is over <paramref name="maxBytes"/> or could not be read (the status says which).</returns>
    public static async Task<(byte[]? Body, int Status, string Error)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            CloseAfterAnswer(request);
            return (null, StatusCodes.Status413PayloadTooLarge, $"The body is {request.ContentLength} bytes; the limit is {maxBytes}.");
        }

        PipeReader reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                if (read.Buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    CloseAfterAnswer(request);
                    return (null, StatusCodes.Status413PayloadTooLarge, $"The body is over the limit of {maxBytes} bytes.");
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    var bytes = System.Buffers.BuffersExtensions.ToArray(read.Buffer);
                    reader.AdvanceTo(read.Buffer.End);
                    return (bytes, StatusCodes.Status200OK, "");
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode, $"The body could not be read: {e.Message}");
        }
    }

    // The rest of a refused body is never read, so the connection cannot carry another request: saying so lets the
    // client open a new one instead of sending its next request down a connection the server is about to close.
    private static void CloseAfterAnswer(HttpRequest request) => request.HttpContext.Response.Headers.Connection = "close";
}
