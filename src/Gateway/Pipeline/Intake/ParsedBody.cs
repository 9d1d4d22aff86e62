using Microsoft.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace Gateway.Pipeline.Intake;

/// <summary>A request body read once under the cap and parsed once: the bytes as received and their JSON (the header alone, under the binary tensor data extension).</summary>
internal sealed record ParsedBody(byte[] Bytes, JToken Json, bool HasBinaryData)
{
    /// <summary>The binary tensor data extension's header: the length of the JSON part before the raw bytes.</summary>
    public const string BinaryHeaderLength = "Inference-Header-Content-Length";

    /// <summary>The body of a call that has none (a read).</summary>
    public static readonly ParsedBody None = new([], JValue.CreateNull(), false);

    /// <summary>Checks the content type, reads and parses the body; a refusal (415, 413, 400) is written and null returned.</summary>
    public static async Task<ParsedBody?> ReadAsync(HttpContext context, string api, long maxBytes)
    {
        var binary = api == Apis.Oip && context.Request.Headers.ContainsKey(BinaryHeaderLength);
        if (!binary && !IsJson(context.Request.ContentType))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as application/json; this was '{context.Request.ContentType ?? "(none)"}'.");
            return null;
        }

        var (body, status, error) = await RequestBodyReader.ReadAsync(context.Request, maxBytes, context.RequestAborted);
        if (body is null)
        {
            await GatewayProblems.WriteAsync(context, status, status == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Bad request", error);
            return null;
        }

        var jsonLength = body.Length;
        if (binary && (!int.TryParse(context.Request.Headers[BinaryHeaderLength], out jsonLength) || jsonLength <= 0 || jsonLength > body.Length))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request",
                $"{BinaryHeaderLength} must be a byte count from 1 to the body's {body.Length}.");
            return null;
        }

        var json = JsonBodyParser.TryParse(body.AsSpan(0, jsonLength), out error);
        if (json is null)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", error);
            return null;
        }

        return new ParsedBody(body, json, jsonLength < body.Length);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
