using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShadowCompare.Ingest;

/// <summary>One request the gateway answered and mirrored: its input and the primary's answer.</summary>
/// <param name="Model">The model called.</param>
/// <param name="Api"><c>v1</c> (<c>:predict</c>) or <c>oip</c> (<c>infer</c>).</param>
/// <param name="RequestId">The gateway's request id.</param>
/// <param name="Time">When the gateway answered.</param>
/// <param name="Input">The request body.</param>
/// <param name="Primary">The answer the caller got.</param>
public sealed record MirrorRecord(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("input")] JsonElement Input,
    [property: JsonPropertyName("primary")] PrimaryAnswer Primary);

/// <summary>The primary's answer to a mirrored request.</summary>
/// <param name="Version">The model version that answered.</param>
/// <param name="Track"><c>stable</c> or <c>canary</c>.</param>
/// <param name="Output">The answer's body.</param>
/// <param name="LatencyMilliseconds">How long the backend took.</param>
public sealed record PrimaryAnswer(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("track")] string Track,
    [property: JsonPropertyName("output")] JsonElement Output,
    [property: JsonPropertyName("latency_ms")] double LatencyMilliseconds);

/// <summary>What the gateway posts to <c>POST /v1/mirror</c>: records, and what it dropped since its last post, by model and reason.</summary>
/// <param name="Records">The mirrored requests.</param>
/// <param name="Dropped">Records the gateway could not hand over, by model, then by reason.</param>
public sealed record MirrorBatch(
    [property: JsonPropertyName("records")] IReadOnlyList<MirrorRecord> Records,
    [property: JsonPropertyName("dropped")] Dictionary<string, Dictionary<string, long>>? Dropped = null);
