using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Jobs;

/// <summary>The states a job passes through; the last three are final.</summary>
internal static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string state) => state is Succeeded or Failed or Cancelled;
}

/// <summary>
/// A job as the control plane keeps it (collection <c>jobs</c>): who owns it, its state and progress. Progress is
/// committed after the results it counts are on disk: <see cref="Rows"/> input lines are answered, their results in
/// the committed bytes of <see cref="Segments"/>, in order. Each runner that takes the job up writes a segment file of
/// its own and commits only while the last segment is its own, so a runner that lost the job to another can neither
/// commit nor touch a byte the other wrote.
/// </summary>
internal sealed record JobRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("total_rows")] int TotalRows,
    [property: JsonPropertyName("rows_done")] int Rows,
    [property: JsonPropertyName("rows_failed")] int FailedRows,
    [property: JsonPropertyName("segments")] IReadOnlyList<JobSegment> Segments,
    [property: JsonPropertyName("track")] string? Track,
    [property: JsonPropertyName("model_versions")] IReadOnlyList<string> Versions,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("started")] DateTimeOffset? Started,
    [property: JsonPropertyName("finished")] DateTimeOffset? Finished,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("callback")] string? Callback)
{
    /// <summary>The committed length of the results, over every segment.</summary>
    public long ResultBytes => Segments.Sum(s => s.Bytes);

    /// <summary>The runner that may commit now: the last segment's.</summary>
    public string? Runner => Segments.Count == 0 ? null : Segments[^1].Token;

    public string Serialize() => JsonSerializer.Serialize(this);

    public static JobRecord? Parse(string content)
    {
        try
        {
            return content.Length == 0 ? null : JsonSerializer.Deserialize<JobRecord>(content);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One runner's part of a job's results: its file (<c>results-{token}.jsonl</c>) and how much of it is committed.</summary>
internal sealed record JobSegment(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("bytes")] long Bytes);
