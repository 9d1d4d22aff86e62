using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace ModelHost.Protocol;

/// <summary>
/// A request body read once under a size cap and parsed in place: the document points into the pipe's buffers,
/// which are released when this is disposed, so nothing is copied.
/// </summary>
internal sealed class JsonBody : IDisposable
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };
    private readonly PipeReader _reader;
    private readonly SequencePosition _end;

    private JsonBody(PipeReader reader, ReadOnlySequence<byte> buffer, JsonDocument document, ReadOnlySequence<byte> binary)
    {
        _reader = reader;
        _end = buffer.End;
        Document = document;
        Binary = binary;
    }

    public JsonDocument Document { get; }

    /// <summary>What follows the JSON header under the binary tensor data extension; empty otherwise.</summary>
    public ReadOnlySequence<byte> Binary { get; }

    public JsonElement Root => Document.RootElement;

    /// <summary>Reads the whole body; with an <c>Inference-Header-Content-Length</c> header, only that many leading bytes are JSON.</summary>
    /// <returns>The parsed body, or an error with its status code: 413 past the cap, 400 for what is not JSON.</returns>
    public static async Task<(JsonBody? Body, int Status, string Error)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"the body is {request.ContentLength} bytes; the limit is {maxBytes}");
        }

        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(cancellationToken);
                if (read.Buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return (null, StatusCodes.Status413PayloadTooLarge, $"the body is over the limit of {maxBytes} bytes");
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode, $"the body could not be read: {e.Message}");
        }

        var json = read.Buffer;
        if (request.Headers.TryGetValue(BinaryTensorData.HeaderLengthHeader, out var header))
        {
            if (!long.TryParse(header, out var length) || length <= 0 || length > json.Length)
            {
                reader.AdvanceTo(read.Buffer.End);
                return (null, StatusCodes.Status400BadRequest, $"{BinaryTensorData.HeaderLengthHeader} must be a byte count from 1 to the body's {json.Length}");
            }

            json = read.Buffer.Slice(0, length);
        }

        try
        {
            var document = JsonDocument.Parse(json, Options);
            return (new JsonBody(reader, read.Buffer, document, read.Buffer.Slice(json.End)), StatusCodes.Status200OK, "");
        }
        catch (JsonException e)
        {
            reader.AdvanceTo(read.Buffer.End);
            return (null, StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}");
        }
    }

    public void Dispose()
    {
        Document.Dispose();
        _reader.AdvanceTo(_end);
    }
}
