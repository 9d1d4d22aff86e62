using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShadowCompare.Ingest;

/// <summary>One request the gateway answered and mirrored: its input and the primary's answer.</summary>
/// <param name="Model">The model called.</param>
/// <param name="Api">A public API version, <c>v1</c>, <c>v2</c>… (all sent to the shadow as <c>:predict</c>), or <c>oip</c> (<c>infer</c>).</param>
/// <param name="RequestId">The gateway's request id.</param>
/// <param name="Time">When the gateway answered.</param>
/// <param name="Input">The request body.</param>
/// <param name="Primary">The answer the caller got.</param>
/// <param name="TraceParent">The request's W3C trace context (<c>traceparent</c>), when it was traced: the comparison's span links to it.</param>
public sealed record MirrorRecord(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("input")] JsonElement Input,
    [property: JsonPropertyName("primary")] PrimaryAnswer Primary,
    [property: JsonPropertyName("traceparent")] string? TraceParent = null);

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

/// <summary>What the gateway posts to <c>POST /v1/mirror</c>: records, and what it dropped since its last post.</summary>
/// <param name="Records">The mirrored requests.</param>
/// <param name="Dropped">Records the gateway dropped for sure (a full queue, say), by model, then by reason.</param>
/// <param name="BatchId">The batch's id: a batch is stored once, however often it arrives.</param>
/// <param name="Unconfirmed">Earlier batches whose post failed or timed out: counted as dropped unless they were in fact stored.</param>
public sealed record MirrorBatch(
    [property: JsonPropertyName("records")] IReadOnlyList<MirrorRecord> Records,
    [property: JsonPropertyName("dropped")] Dictionary<string, Dictionary<string, long>>? Dropped = null,
    [property: JsonPropertyName("batch_id")] string? BatchId = null,
    [property: JsonPropertyName("unconfirmed")] IReadOnlyList<UnconfirmedBatch>? Unconfirmed = null);

/// <summary>A batch the gateway posted without learning whether it was stored.</summary>
/// <param name="BatchId">The batch's id.</param>
/// <param name="Reason">Why the gateway did not hear back: <c>send_timeout</c>, <c>send_failed</c>, <c>compare_busy</c>.</param>
/// <param name="Counts">Its records, by model.</param>
public sealed record UnconfirmedBatch(
    [property: JsonPropertyName("batch_id")] string BatchId,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("counts")] Dictionary<string, long> Counts);
