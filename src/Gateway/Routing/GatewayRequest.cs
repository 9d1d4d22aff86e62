using Newtonsoft.Json.Linq;

namespace Gateway.Routing;

/// <summary>
/// A public API call as the pipeline sees it, kept on the request's features: the body read once, parsed once,
/// and what later steps decide (track, model version). Every step reuses it; none reads the body again.
/// </summary>
internal sealed class GatewayRequest(string model, string api, byte[] body, JToken json, int jsonLength)
{
    public string Model { get; } = model;

    /// <summary><see cref="Apis.V1"/> or <see cref="Apis.Oip"/>.</summary>
    public string Api { get; } = api;

    /// <summary>The body exactly as received, forwarded and hashed as is.</summary>
    public byte[] Body { get; } = body;

    /// <summary>The parsed JSON: the whole body, or the JSON header under the binary tensor data extension.</summary>
    public JToken Json { get; } = json;

    /// <summary>True when raw tensor bytes follow the JSON header (the binary tensor data extension).</summary>
    public bool HasBinaryData { get; } = jsonLength < body.Length;

    /// <summary>The track chosen for this call.</summary>
    public string Track { get; set; } = Tracks.Stable;

    /// <summary>Whether this call counts in its track's window (see <see cref="Canary.CallerWeights"/>).</summary>
    public bool Observed { get; set; } = true;

    /// <summary>The model version the chosen track serves, when known; it keys the cache.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>
    /// Set before the call when something else could take it (stable, for a canary call; another replica, for a stable
    /// one): a 503 answer is then dropped instead of passed on, and the call sent there once.
    /// </summary>
    public bool MayRetryElsewhere { get; set; }

    /// <summary>Set when the backend answered 503 and, as <see cref="MayRetryElsewhere"/> allowed, the answer was dropped.</summary>
    public bool AnswerDropped { get; set; }
}

/// <summary>The public APIs a route can speak.</summary>
internal static class Apis
{
    public const string V1 = "v1";
    public const string Oip = "oip";
}

/// <summary>The tracks a model's traffic is split between.</summary>
internal static class Tracks
{
    public const string Stable = "stable";
    public const string Canary = "canary";
}
