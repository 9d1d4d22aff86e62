using Newtonsoft.Json.Linq;

namespace Gateway.Pipeline.Intake;

/// <summary>
/// A public API call as intake hands it on: the body read once and parsed once, and the track that serves it. Nothing
/// changes it afterwards; what the later stages find out travels in their own values.
/// </summary>
internal sealed class GatewayRequest
{
    public required string Model { get; init; }

    /// <summary>A public API version (<see cref="Apis.V1"/>, <c>v2</c>…) or <see cref="Apis.Oip"/>.</summary>
    public required string Api { get; init; }

    /// <summary>A prediction, or a metadata or readiness read (which has no body).</summary>
    public RouteOperation Operation { get; init; } = RouteOperation.Call;

    /// <summary>The model version the caller named in the path (<c>/versions/{version}/…</c>), which decided the track; null when it named none.</summary>
    public string? PinnedVersion { get; init; }

    /// <summary>The body exactly as received, forwarded and hashed as is.</summary>
    public required byte[] Body { get; init; }

    /// <summary>The parsed JSON: the whole body, or the JSON header under the binary tensor data extension.</summary>
    public required JToken Json { get; init; }

    /// <summary>True when raw tensor bytes follow the JSON header (the binary tensor data extension).</summary>
    public required bool HasBinaryData { get; init; }

    /// <summary>The track chosen for this call, and the cluster that serves it.</summary>
    public required TrackChoice Choice { get; init; }

    /// <summary>The model version the chosen track serves, when known; it keys the cache.</summary>
    public string? ModelVersion { get; init; }
}

/// <summary>The APIs a route can speak: a public API version (<c>v1</c>, <c>v2</c>…, see <c>ApiVersions</c>) or the protocol.</summary>
internal static class Apis
{
    /// <summary>The first public API version, which every model offers unless configured otherwise, and the one the model backends speak.</summary>
    public const string V1 = "v1";
    public const string Oip = "oip";
}
