using Gateway.Access;
using Gateway.Backends;
using Gateway.Validation;
using Gateway.Versioning;
using Microsoft.Extensions.Options;

namespace Gateway.Pipeline.Intake;

/// <summary>
/// The first stage: authenticates the call, reads its body once under the cap, parses it once, validates it against
/// the route's schema, identifies the caller and picks the track. Hands on a <see cref="GatewayRequest"/>, or writes the
/// refusal (401, 410 for a retired API version, 413, 415, 400, or 404 for a version no track serves) and hands on nothing. A call that names a model
/// version goes to the track serving that version; a read (metadata, readiness) has no body to check.
/// </summary>
internal sealed class IntakeStage(
    ApiKeyDirectory keys, IOptionsMonitor<GatewayOptions> options, RequestValidator validator, TrackChooser tracks, TrackVersions versions, SchemaRegistry catalog, TimeProvider time)
{
    public async Task<GatewayRequest?> TakeAsync(HttpContext context, string model, string api, RouteOperation operation)
    {
        if (!await ApiKeyAuthentication.AuthenticateAsync(context, keys))
        {
            return null;
        }

        if (!options.CurrentValue.Models.ContainsKey(model))
        {
            // The model left the configuration a moment ago; its routes go with the next catalog.
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown model", $"Model '{model}' is no longer served here.");
            return null;
        }

        if (api != Apis.Oip)
        {
            // The route may be a moment older than the catalog: an API version it no longer offers is gone with it.
            if (!catalog.TryGetApi(model, api, out var version))
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown API version", ApiLifecycle.NotOffered(model, api, catalog.Offered(model)));
                return null;
            }

            if (!await ApiLifecycle.AdmitAsync(context, model, version, time.GetUtcNow()))
            {
                return null;
            }
        }

        // The key has done its job: it is not forwarded to the model backends.
        context.Request.Headers.Remove(GatewayConfig.ApiKeyHeader);
        context.Response.Headers[GatewayConfig.CacheHeader] = "MISS";

        var body = operation == RouteOperation.Read ? ParsedBody.None : await ParsedBody.ReadAsync(context, api, options.CurrentValue.MaxRequestBodyBytes);
        if (body is null || (operation == RouteOperation.Call && !await validator.CheckAsync(context, model, api, body.Json)))
        {
            return null;
        }

        var pinned = context.Request.RouteValues["version"] as string;
        var chosen = pinned is null ? await tracks.ChooseAsync(context, model, counted: operation == RouteOperation.Call) : tracks.ChooseServing(model, pinned);
        if (chosen is not { } choice)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown model version",
                $"Model '{model}' version '{pinned}' is not served; served: {tracks.DescribeServed(model)}.");
            return null;
        }

        // Naming the canary's version does not choose the canary: only a caller the split (or its allowed X-Canary)
        // puts there reaches it, so the share, a rollback and the override list hold for versioned calls too.
        if (pinned is not null && choice.Track == Track.Canary && (await tracks.ChooseAsync(context, model, counted: false)).Track != Track.Canary)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown model version",
                $"Model '{model}' version '{pinned}' is the canary's, and this caller is not on the canary; served to it: {tracks.DescribeServed(model, canary: false)}.");
            return null;
        }

        context.Request.Headers.Remove(TrackChooser.OverrideHeader);

        if (operation == RouteOperation.Call)
        {
            // YARP forwards whatever Request.Body holds: the bytes already read, with their exact length.
            context.Request.ContentLength = body.Bytes.Length;
            context.Request.Headers.TransferEncoding = default;
        }

        return new GatewayRequest
        {
            Model = model,
            Api = api,
            Operation = operation,
            PinnedVersion = pinned,
            Body = body.Bytes,
            Json = body.Json,
            HasBinaryData = body.HasBinaryData,
            Choice = choice,
            ModelVersion = versions.Get(choice.Cluster, model),
        };
    }
}
