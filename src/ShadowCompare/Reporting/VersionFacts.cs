using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ShadowCompare.Reporting;

/// <summary>What a compared version's manifest (<c>model.json</c>) says of it: what it is, what changed, how it evaluated.</summary>
/// <param name="Version">The model version.</param>
/// <param name="Role"><c>candidate</c> or <c>baseline</c>.</param>
/// <param name="Description">The manifest's description, when it has one.</param>
/// <param name="Changelog">What changed from the version before.</param>
/// <param name="Metrics">Its evaluation metrics (dataset, accuracy…), as the manifest holds them.</param>
internal sealed record VersionFacts(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("changelog")] IReadOnlyList<string> Changelog,
    [property: JsonPropertyName("metrics")] JsonObject? Metrics);
