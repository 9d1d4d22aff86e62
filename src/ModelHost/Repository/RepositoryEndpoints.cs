using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHost.Models;
using ModelHost.Protocol;
using ModelHost.Store;

namespace ModelHost.Repository;

/// <summary>
/// The Open Inference Protocol's model repository extension (as Triton and KServe serve it):
/// <c>POST /v2/repository/index</c> lists the store, and <c>POST /v2/repository/models/{name}/load</c> with
/// <c>{"parameters":{"version":"1.1.0"}}</c> swaps a model to that version hot and keeps it pinned across restarts.
/// Both need the bearer token <see cref="ModelHostOptions.AdminToken"/>.
/// </summary>
internal static class RepositoryEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(2);

    public static IEndpointRouteBuilder MapModelRepository(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v2/repository/index", IndexAsync);
        endpoints.MapPost("/v2/repository/models/{name}/load", LoadAsync);
        return endpoints;
    }

    private static async Task<IResult> IndexAsync(HttpContext context, IModelStore store, ModelRegistry registry, IOptionsMonitor<ModelHostOptions> options, CancellationToken cancellationToken)
    {
        // What the store holds (versions not yet released included) is for operators, like loading is.
        if (!IsAuthorized(context, options.CurrentValue.AdminToken))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ProtocolResults.Error(StatusCodes.Status401Unauthorized,
                options.CurrentValue.AdminToken.Length == 0 ? "the repository API is turned off: no ModelHost:AdminToken is set" : "a valid bearer token is required");
        }

        var available = await store.ListAsync(cancellationToken);
        var states = registry.States.ToDictionary(s => s.Name, StringComparer.Ordinal);
        return Results.Json(available
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .SelectMany(m => m.Value.Select(version => new
            {
                name = m.Key,
                version,
                state = states.GetValueOrDefault(m.Key)?.Serving == version ? "READY" : "UNAVAILABLE",
            })));
    }

    private static async Task<IResult> LoadAsync(
        HttpContext context, string name, IModelStore store, ModelRegistry registry, ModelPins pins, IOptionsMonitor<ModelHostOptions> options, TimeProvider time)
    {
        if (!IsAuthorized(context, options.CurrentValue.AdminToken))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ProtocolResults.Error(StatusCodes.Status401Unauthorized,
                options.CurrentValue.AdminToken.Length == 0 ? "loading models is turned off: no ModelHost:AdminToken is set" : "a valid bearer token is required");
        }

        var (body, status, error) = await JsonBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        using (body)
        {
            if (body is null)
            {
                return ProtocolResults.Error(status, error);
            }

            if (!TryReadVersion(body.Root, out var version))
            {
                return ProtocolResults.Error(StatusCodes.Status400BadRequest, "send {\"parameters\":{\"version\":\"<semantic version>\"}}");
            }

            var versions = (await store.ListAsync(context.RequestAborted)).GetValueOrDefault(name);
            if (versions is null || !versions.Contains(version))
            {
                return ProtocolResults.Error(StatusCodes.Status404NotFound, $"the store has no model '{name}' version '{version}'");
            }

            if (registry.IsServing(name, version))
            {
                await pins.SetAsync(name, version);
                return Results.Json(new { name, version });
            }

            var before = registry.States.FirstOrDefault(s => s.Name == name);
            var previous = await pins.SetAsync(name, version);
            var outcome = await WaitForOutcomeAsync(registry, name, version, before, time, context.RequestAborted);
            if (outcome is null)
            {
                return Results.Json(new { name, version });
            }

            // Refused or too slow: the pin goes back to what it was, and the version serving before keeps serving.
            await pins.SetAsync(name, previous);
            return ProtocolResults.Error(StatusCodes.Status400BadRequest, $"model '{name}' version '{version}' was not loaded: {outcome}");
        }
    }

    private static bool TryReadVersion(JsonElement root, out string version)
    {
        version = "";
        return root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("parameters", out var parameters)
            && parameters.ValueKind == JsonValueKind.Object
            && JsonText.TryGetString(parameters, "version", out version)
            && ModelVersion.IsValidRequest(version)
            && version != ModelHostConfig.LatestVersion;
    }

    // Each load ends with a new state record for the model: serving the version, or an error. Null means it serves.
    private static async Task<string?> WaitForOutcomeAsync(
        ModelRegistry registry, string name, string version, ModelState? before, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(LoadTimeout.TotalSeconds * time.TimestampFrequency);
        while (time.GetTimestamp() < deadline)
        {
            var state = registry.States.FirstOrDefault(s => s.Name == name);
            if (state is not null && !ReferenceEquals(state, before))
            {
                if (state.Serving == version)
                {
                    return null;
                }

                if (state.LastError is not null && state.Requested == version)
                {
                    return state.LastError;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }

        return $"it did not load within {LoadTimeout.TotalSeconds} s";
    }

    // Both sides hashed first: equal lengths for the constant-time comparison, whatever was sent.
    private static bool IsAuthorized(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (token.Length == 0 || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
