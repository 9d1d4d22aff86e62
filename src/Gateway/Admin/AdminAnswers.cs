using System.Text.Json.Serialization;
using Gateway.Audit;

namespace Gateway.Admin;

/// <summary>The answer of <c>GET /admin/models</c>: every configured model's status.</summary>
/// <param name="Models">By model name.</param>
internal sealed record ModelStatusList([property: JsonPropertyName("models")] IReadOnlyList<ModelStatus> Models);

/// <summary>The answer of <c>GET /admin/audit</c>: the newest changes first.</summary>
/// <param name="Records">The changes.</param>
internal sealed record AuditPage([property: JsonPropertyName("records")] IReadOnlyList<AuditRecord> Records);

/// <summary>The answer of a version rollout (<c>PUT …/versions/{track}</c>, <c>POST …/rollback-promotion</c>).</summary>
/// <param name="Model">The model.</param>
/// <param name="Track"><c>stable</c> or <c>canary</c>.</param>
/// <param name="Version">The version the track's ModelHosts now serve.</param>
/// <param name="Sha256">The weights' digest recorded with it, when known.</param>
/// <param name="Previous">The version they served before.</param>
/// <param name="Instances">What each ModelHost said.</param>
internal sealed record VersionChange(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("track")] string Track,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("previous")] string? Previous,
    [property: JsonPropertyName("instances")] string? Instances);
