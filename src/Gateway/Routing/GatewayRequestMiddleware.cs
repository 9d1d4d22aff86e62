using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Routing;

/// <summary>
/// The first step of every proxied call: checks the content type, reads the body once under the cap, parses it once,
/// and leaves a <see cref="GatewayRequest"/> for the later steps. The buffered body is what YARP forwards.
/// </summary>
internal sealed class GatewayRequestMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options)
{
    private const string BinaryHeaderLength = "Inference-Header-Content-Length";

    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        var model = route.Metadata?.GetValueOrDefault(GatewayConfig.ModelMetadata) ?? "";
        var api = route.Metadata?.GetValueOrDefault(GatewayConfig.ApiMetadata) ?? Apis.V1;
        context.Response.Headers[GatewayConfig.CacheHeader] = "MISS";

        var binary = api == Apis.Oip && context.Request.Headers.ContainsKey(BinaryHeaderLength);
        if (!binary && !IsJson(context.Request.ContentType))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as application/json; this was '{context.Request.ContentType ?? "(none)"}'.");
            return;
        }

        var (body, status, error) = await RequestBodyReader.ReadAsync(context.Request, options.CurrentValue.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await GatewayProblems.WriteAsync(context, status, status == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Bad request", error);
            return;
        }

        var jsonLength = body.Length;
        if (binary && (!int.TryParse(context.Request.Headers[BinaryHeaderLength], out jsonLength) || jsonLength <= 0 || jsonLength > body.Length))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request",
                $"{BinaryHeaderLength} must be a byte count from 1 to the body's {body.Length}.");
            return;
        }

        var json = JsonBodyParser.TryParse(body.AsSpan(0, jsonLength), out error);
        if (json is null)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", error);
            return;
        }

        context.Features.Set(new GatewayRequest(model, api, body, json, jsonLength));

        // YARP forwards whatever Request.Body holds: the bytes already read, with their exact length.
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        context.Request.Headers.TransferEncoding = default;
        await next(context);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
