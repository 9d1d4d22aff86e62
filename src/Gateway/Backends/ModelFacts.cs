using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gateway.Backends;

/// <summary>What a model version's manifest (<c>model.json</c>) says of it, as its backends report it: what it is, what changed, how it scored.</summary>
/// <param name="Version">The version these facts are of.</param>
/// <param name="Description">What the version is.</param>
/// <param name="Changelog">What changed from the version before, line by line.</param>
/// <param name="Metrics">Its evaluation metrics (dataset, accuracy, AUC…), as the manifest holds them.</param>
internal sealed record ModelFacts(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("changelog")] IReadOnlyList<string> Changelog,
    [property: JsonPropertyName("metrics")] JsonObject? Metrics)
{
    /// <summary>The facts in a ModelHost's model metadata answer (its <c>manifest</c>), or none.</summary>
    public static ModelFacts? From(string version, JsonNode? manifest) => manifest is JsonObject facts
        ? new ModelFacts(
            version,
            facts["description"]?.GetValue<string>(),
            facts["changelog"] is JsonArray lines ? [.. lines.Select(l => l?.GetValue<string>() ?? "")] : [],
            facts["metrics"]?.DeepClone() as JsonObject)
        : null;
}
