using Gateway.Access;
using Gateway.Routing;
using Gateway.Validation;
using Microsoft.Extensions.Options;

namespace Gateway.Pipeline.Intake;

/// <summary>
/// The first stage: authenticates the call, reads its body once under the cap, parses it once, validates it against
/// the route's schema, identifies the caller and picks the track. Hands on a <see cref="GatewayRequest"/>, or writes the
/// refusal (401, 413, 415, 400) and hands on nothing.
/// </summary>
internal sealed class IntakeStage(
    ApiKeyDirectory keys, IOptionsMonitor<GatewayOptions> options, RequestValidator validator, TrackChooser tracks, TrackVersions versions)
{
    public async Task<GatewayRequest?> TakeAsync(HttpContext context, string model, string api)
    {
        if (!await ApiKeyAuthentication.AuthenticateAsync(context, keys))
        {
            return null;
        }

        // The key has done its job: it is not forwarded to the model backends.
        context.Request.Headers.Remove(GatewayConfig.ApiKeyHeader);
        context.Response.Headers[GatewayConfig.CacheHeader] = "MISS";

        var body = await ParsedBody.ReadAsync(context, api, options.CurrentValue.MaxRequestBodyBytes);
        if (body is null || !await validator.CheckAsync(context, model, api, body.Json))
        {
            return null;
        }

        var choice = await tracks.ChooseAsync(context, model);

        // YARP forwards whatever Request.Body holds: the bytes already read, with their exact length.
        context.Request.ContentLength = body.Bytes.Length;
        context.Request.Headers.TransferEncoding = default;
        return new GatewayRequest
        {
            Model = model,
            Api = api,
            Body = body.Bytes,
            Json = body.Json,
            HasBinaryData = body.HasBinaryData,
            Choice = choice,
            ModelVersion = versions.Get(choice.Cluster, model),
        };
    }
}
