using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane;

/// <summary>
/// What a ModelHost reports of itself each second (observed state, kind <see cref="Kind"/>): where it answers, its
/// track, whether it is ready, and which version of each model it serves. The gateway routes to the instances that
/// report, and a promotion waits until every one of a track reports the new version.
/// </summary>
/// <param name="Address">The base URL the gateway reaches it at.</param>
/// <param name="Track">The track it serves (<c>stable</c>, <c>canary</c>, …).</param>
/// <param name="Ready">Whether it serves every model it is meant to.</param>
/// <param name="Models">Model name to what it serves of it.</param>
public sealed record InstanceHeartbeat(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("track")] string Track,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("models")] Dictionary<string, ServedModel> Models)
{
    /// <summary>How often an instance reports.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How long a report holds: an instance that misses three is gone.</summary>
    public static readonly TimeSpan Lifetime = 3 * Interval;

    /// <summary>The kind of report of a track's ModelHosts in the observed state.</summary>
    public static string Kind(string track) => "modelhost:" + track;

    /// <summary>Reads a report; null when it cannot be read.</summary>
    public static InstanceHeartbeat? Parse(string content)
    {
        try
        {
            return JsonSerializer.Deserialize<InstanceHeartbeat>(content) is { Address: not null, Track: not null, Models: not null } parsed
                ? parsed with { Models = parsed.Models.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal) }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The report as stored.</summary>
    public string Serialize() => JsonSerializer.Serialize(this);
}

/// <summary>What an instance serves of one model.</summary>
/// <param name="Version">The version serving now, or null.</param>
/// <param name="Sha256">That version's weights' SHA-256, from its manifest.</param>
/// <param name="Error">Why the last load was refused, or null.</param>
/// <param name="Requested">The version it was last asked to serve.</param>
public sealed record ServedModel(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("requested")] string? Requested);
