using System.Text.Json.Serialization;

namespace Gateway.Jobs;

/// <summary>What <c>GET /v1/jobs/{id}</c> answers (schemas/jobs/v1/status.schema.json).</summary>
internal sealed record JobStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("rows")] JobRows Rows,
    [property: JsonPropertyName("track"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Track,
    [property: JsonPropertyName("model_versions")] IReadOnlyList<string> Versions,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("started"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Started,
    [property: JsonPropertyName("finished"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Finished,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonPropertyName("results")] string Results)
{
    public static JobStatus Of(JobRecord job) => new(
        job.Id, job.Model, job.State, new JobRows(job.TotalRows, job.Rows, job.FailedRows), job.Track, job.Versions,
        job.Created, job.Started, job.Finished, job.Error, $"/v1/jobs/{job.Id}/results");
}

/// <param name="Total">Lines in the dataset.</param>
/// <param name="Done">Lines answered so far, with a prediction or a problem; their results can be downloaded.</param>
/// <param name="Failed">Of those, lines answered with a problem.</param>
internal sealed record JobRows(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("failed")] int Failed);
