using System.Reflection;
using ModelHost.Inference;
using ModelHost.Models;

namespace ModelHost.Protocol;

/// <summary>The protocol's health, server and model metadata handlers.</summary>
internal static class MetadataEndpoints
{
    public static readonly string ServerVersion =
        typeof(MetadataEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The platform models are served on, as the protocol names it.</summary>
    public const string Platform = "onnxruntime_onnx";

    public static IResult Live() => Results.Json(new { live = true });

    public static IResult Ready(ModelRegistry registry) =>
        Results.Json(new { ready = registry.IsReady }, statusCode: registry.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);

    public static IResult Server() =>
        Results.Json(new { name = ModelHostConfig.ServiceName, version = ServerVersion, extensions = Array.Empty<string>() });

    public static IResult List(ModelRegistry registry) => Results.Json(new
    {
        models = registry.States.Select(s => new
        {
            name = s.Name,
            version = s.Serving,
            requested = s.Requested,
            state = s.Serving is null ? "UNAVAILABLE" : "READY",
            reason = s.LastError,
        }),
    });

    public static IResult Model(string name, string? version, ModelRegistry registry)
    {
        if (!ModelLookup.TryAcquire(registry, name, version, out var lease, out var error))
        {
            return ProtocolResults.Error(error);
        }

        using (lease)
        {
            var model = lease.Model;
            return Results.Json(new
            {
                name = model.Name,
                versions = new[] { model.Version },
                platform = Platform,
                inputs = model.Session.Inputs.Select(Describe),
                outputs = model.Session.Outputs.Select(Describe),
                manifest = model.Manifest is { } facts
                    ? new { description = facts.Description, changelog = facts.Changelog, metrics = facts.Metrics }
                    : null,
            });
        }
    }

    public static IResult ModelReady(string name, string? version, ModelRegistry registry)
    {
        // The protocol answers model readiness with the status code alone: 200 ready, 4xx not.
        if (!ModelLookup.TryAcquire(registry, name, version, out var lease, out var error))
        {
            return Results.Json(new { name, ready = false, error = error.Message }, statusCode: StatusCodes.Status404NotFound);
        }

        using (lease)
        {
            return Results.Json(new { name, ready = true });
        }
    }

    private static object Describe(TensorSpec spec) => new { name = spec.Name, datatype = spec.Datatype.Name(), shape = spec.Shape };
}
