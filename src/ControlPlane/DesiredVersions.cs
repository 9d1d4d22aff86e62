using System.Text.Json;
using System.Text.Json.Serialization;

namespace ControlPlane;

/// <summary>
/// The control plane's <see cref="DocumentName"/> document: which version of each model every track should serve,
/// with the weights' digest recorded when it was set. The gateway's promotion writes it; every ModelHost of a track
/// watches it and swaps to its version hot.
/// </summary>
/// <param name="Models">Model name to track name to its desired version.</param>
public sealed record DesiredVersions(
    [property: JsonPropertyName("models")] Dictionary<string, Dictionary<string, DesiredVersion>> Models)
{
    /// <summary>The document's name in the control plane.</summary>
    public const string DocumentName = "model-versions";

    /// <summary>No desired versions: every ModelHost serves what its configuration says.</summary>
    public static DesiredVersions Empty => new(new Dictionary<string, Dictionary<string, DesiredVersion>>(StringComparer.Ordinal));

    /// <summary>The desired version of a model on a track, or null when none is set.</summary>
    public DesiredVersion? For(string model, string track) =>
        Models.GetValueOrDefault(model)?.GetValueOrDefault(track);

    /// <summary>A copy with a model's version on a track set (or removed, with null).</summary>
    public DesiredVersions With(string model, string track, DesiredVersion? version)
    {
        var models = Models.ToDictionary(m => m.Key, m => new Dictionary<string, DesiredVersion>(m.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var tracks = models.GetValueOrDefault(model) ?? new Dictionary<string, DesiredVersion>(StringComparer.Ordinal);
        if (version is null)
        {
            tracks.Remove(track);
        }
        else
        {
            tracks[track] = version;
        }

        models[model] = tracks;
        return new DesiredVersions(models);
    }

    /// <summary>Reads the document; an empty or unreadable one is <see cref="Empty"/>.</summary>
    public static DesiredVersions Parse(string content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<DesiredVersions>(content) is { Models: not null } parsed ? parsed : Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>The document as stored.</summary>
    public string Serialize() => JsonSerializer.Serialize(this);
}

/// <summary>One model's desired version on one track.</summary>
/// <param name="Version">The semantic version to serve.</param>
/// <param name="Sha256">The weights' SHA-256 as the serving instances reported it when the version was set; null when unknown.</param>
public sealed record DesiredVersion(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("sha256")] string? Sha256);
