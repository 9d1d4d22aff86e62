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
/// committed after the results it counts are on disk: <see cref="Rows"/> input lines are answered, in the first
/// <see cref="ResultBytes"/> bytes of the results file; a runner that takes the job over cuts the file there and goes on.
/// </summary>
internal sealed record JobRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("total_rows")] int TotalRows,
    [property: JsonPropertyName("rows_done")] int Rows,
    [property: JsonPropertyName("rows_failed")] int FailedRows,
    [property: JsonPropertyName("result_bytes")] long ResultBytes,
    [property: JsonPropertyName("track")] string? Track,
    [property: JsonPropertyName("model_versions")] IReadOnlyList<string> Versions,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("started")] DateTimeOffset? Started,
    [property: JsonPropertyName("finished")] DateTimeOffset? Finished,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("callback")] string? Callback)
{
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
