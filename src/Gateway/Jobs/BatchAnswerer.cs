using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Caching;
using Gateway.Pipeline.Intake;
using Gateway.Backends;
using Gateway.Telemetry;
using Gateway.Validation;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Yarp.ReverseProxy;

namespace Gateway.Jobs;

/// <summary>One row's answer: its prediction (raw JSON) and the version that made it, or a problem.</summary>
internal sealed record RowAnswer(int Row, string? Prediction, string? ModelVersion, int Status = 200, string? Title = null, string? Detail = null)
{
    public bool Failed => Prediction is null;

    /// <summary>The row's line in the results: <c>{"row", "prediction", "model_version"}</c> or <c>{"row", "error": {"status", "title", "detail"}}</c>.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("row", Row);
        if (Prediction is not null)
        {
            writer.WritePropertyName("prediction");
            writer.WriteRawValue(Prediction, skipInputValidation: true);
            writer.WriteString("model_version", ModelVersion);
        }
        else
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("status", Status);
            writer.WriteString("title", Title);
            writer.WriteString("detail", Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}

/// <summary>A batch as <see cref="BatchAnswerer.PrepareAsync"/> leaves it: the rows, the answers known so far (bad rows, cache hits), and the rest to ask the ModelHost.</summary>
internal sealed record PreparedBatch(IReadOnlyList<(int Row, byte[] Line)> Rows, RowAnswer?[] Answers, List<(int Index, JToken Instance, string? CacheKey)> Pending);

/// <summary>A ModelHost of the job's track could not answer a batch, after every retry.</summary>
internal sealed class BatchFailedException(string message) : Exception(message);

/// <summary>This replica no longer holds the job's lease: another may have taken the job over, so this one stops.</summary>
internal sealed class LeaseLostException() : Exception("The job's lease was lost.");

/// <summary>
/// Answers a batch of a job's rows as <c>:predict</c> would answer each alone: each row checked against the model's
/// request schema (a bad row fails alone), answered from the result cache where it holds that row's answer, and the
/// rest sent to one ModelHost of the job's track in one call (the batch dimension). A ModelHost that refuses the batch
/// is asked row by row, so one row it refuses does not fail the others; one that cannot answer is retried with
/// backoff, then the job fails.
/// </summary>
internal sealed class BatchAnswerer(
    SchemaRegistry schemas, ResultCache cache, TrackVersions versions, IProxyStateLookup proxyState, IHttpClientFactory clients,
    IOptionsMonitor<GatewayOptions> options, GatewayMetrics metrics, ILogger<BatchAnswerer> logger)
{
    public const string HttpClientName = "job-batches";
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    /// <summary>
    /// The gateway's own part of a batch: each row checked, and answered from the cache where it can be. The runner
    /// prepares the next batch while the ModelHost answers this one (<see cref="CompleteAsync"/>).
    /// </summary>
    public async Task<PreparedBatch> PrepareAsync(JobRecord job, string cluster, IReadOnlyList<(int Row, byte[] Line)> rows, CancellationToken cancellationToken)
    {
        var answers = new RowAnswer?[rows.Count];
        var pending = new List<(int Index, JToken Instance, string? CacheKey)>();
        var schema = schemas.For(job.Model, Apis.V1).Request;
        var ttl = options.CurrentValue.Models[job.Model].CacheTtlSeconds;
        var version = versions.Get(cluster, job.Model);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, line) = rows[i];
            if (Check(line, schema, out var instance, out var problem) is not { } body)
            {
                answers[i] = new RowAnswer(row, null, null, 400, "Invalid row", problem);
                continue;
            }

            string? key = null;
            if (ttl > 0 && version is not null)
            {
                key = new CacheKey(Apis.V1, job.Model, body).For(version);
                if (await cache.GetAsync(key, cancellationToken) is { } hit && FirstPrediction(hit.Body) is { } cached)
                {
                    metrics.RecordCacheHit(job.Model);
                    answers[i] = new RowAnswer(row, cached, hit.ModelVersion);
                    continue;
                }
            }

            pending.Add((i, instance!, key));
        }

        return new PreparedBatch(rows, answers, pending);
    }

    /// <summary>The ModelHost's part: the rows the cache did not answer, in one call, then row by row if it refuses the batch.</summary>
    /// <param name="job">The job the rows are of.</param>
    /// <param name="cluster">The job's track's cluster.</param>
    /// <param name="batch">The prepared batch.</param>
    /// <param name="stillHeld">Renews the job's lease; asked before every call to a ModelHost, so a job is never answered by two replicas at once.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="LeaseLostException">The lease could not be renewed.</exception>
    public async Task<IReadOnlyList<RowAnswer>> CompleteAsync(JobRecord job, string cluster, PreparedBatch batch, Func<Task<bool>> stillHeld, CancellationToken cancellationToken)
    {
        var (rows, answers, pending) = batch;
        if (pending.Count == 0 && !await stillHeld())
        {
            throw new LeaseLostException();
        }

        if (pending.Count > 0)
        {
            var (predictions, answeredBy, refusal) = await PredictAsync(job, cluster, [.. pending.Select(p => p.Instance)], stillHeld, cancellationToken);
            if (predictions is not null)
            {
                for (var p = 0; p < pending.Count; p++)
                {
                    answers[pending[p].Index] = new RowAnswer(rows[pending[p].Index].Row, predictions[p], answeredBy);
                }
            }
            else
            {
                // The ModelHost refused the batch (say, a value the schema allows but the model does not): row by row.
                foreach (var (index, instance, _) in pending)
                {
                    var alone = await PredictAsync(job, cluster, [instance], stillHeld, cancellationToken);
                    answers[index] = alone.Predictions is { } one
                        ? new RowAnswer(rows[index].Row, one[0], alone.Version)
                        : new RowAnswer(rows[index].Row, null, null, 422, "Refused by the model", alone.Refusal ?? refusal);
                }
            }
        }

        return answers!;
    }

    // The row as :predict would take it alone: {"instances": [row]}, strict JSON, valid against the request schema.
    private static JObject? Check(byte[] line, NJsonSchema.JsonSchema schema, out JToken? instance, out string problem)
    {
        instance = null;
        if (line.AsSpan().IndexOfAnyExcept(" \t\r"u8) < 0)
        {
            problem = "The line is empty; each line must be one JSON instance.";
            return null;
        }

        var token = JsonBodyParser.TryParse(line, out problem);
        if (token is not JObject)
        {
            problem = token is null ? problem : "The line must be a JSON object: one instance.";
            return null;
        }

        var body = new JObject { ["instances"] = new JArray(token) };
        var failures = SchemaValidator.Validate(schema, body);
        if (failures.Count > 0)
        {
            problem = string.Join("; ", failures.Take(10).Select(f => $"{f.Path}: {f.Reason}"));
            return null;
        }

        instance = token;
        return body;
    }

    private static string? FirstPrediction(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("predictions", out var predictions) && predictions.GetArrayLength() > 0
                ? predictions[0].GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <returns>The predictions in order and the version that made them; or null predictions with why the ModelHost refused them (4xx).</returns>
    private async Task<(IReadOnlyList<string>? Predictions, string? Version, string? Refusal)> PredictAsync(
        JobRecord job, string cluster, IReadOnlyList<JToken> instances, Func<Task<bool>> stillHeld, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(new JObject { ["instances"] = new JArray(instances) }.ToString(Newtonsoft.Json.Formatting.None));
        for (var attempt = 0; ; attempt++)
        {
            if (!await stillHeld())
            {
                throw new LeaseLostException();
            }

            string cause;
            if (Destination(cluster) is not { } address)
            {
                cause = $"no healthy ModelHost in cluster {cluster}";
            }
            else
            {
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await clients.CreateClient(HttpClientName).PostAsync(
                        new Uri(address, $"v1/models/{Uri.EscapeDataString(job.Model)}:predict"), content, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (response.IsSuccessStatusCode && Predictions(text, instances.Count) is { } predictions)
                    {
                        var version = response.Headers.TryGetValues(GatewayConfig.ModelVersionHeader, out var values) ? values.FirstOrDefault() : null;
                        if (version is not null)
                        {
                            versions.Set(cluster, job.Model, version);
                        }

                        return (predictions, version, null);
                    }

                    // 400 and 422 are the ModelHost refusing the rows; any other answer (a 404 while it swaps models, a
                    // 5xx) may pass, so the call is tried again.
                    if ((int)response.StatusCode is 400 or 422)
                    {
                        return (null, null, Detail(text) ?? $"ModelHost answered {(int)response.StatusCode}");
                    }

                    cause = $"ModelHost answered {(int)response.StatusCode}";
                }
                catch (HttpRequestException e)
                {
                    cause = e.Message;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    cause = "ModelHost did not answer in time";
                }
            }

            if (attempt >= Backoff.Length)
            {
                throw new BatchFailedException($"{cause}, after {attempt + 1} attempts");
            }

            Log.BatchRetry(logger, job.Id, cause, (int)Backoff[attempt].TotalMilliseconds);
            await Task.Delay(Backoff[attempt], cancellationToken);
        }
    }

    private Uri? Destination(string cluster)
    {
        if (!proxyState.TryGetCluster(cluster, out var state))
        {
            return null;
        }

        var available = state.DestinationsState.AvailableDestinations;
        return available.Count == 0 ? null : new Uri(available[Random.Shared.Next(available.Count)].Model.Config.Address.TrimEnd('/') + "/");
    }

    private static IReadOnlyList<string>? Predictions(string answer, int count)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("predictions", out var predictions) && predictions.ValueKind == JsonValueKind.Array && predictions.GetArrayLength() == count
                ? [.. predictions.EnumerateArray().Select(p => p.GetRawText())]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Detail(string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString()
                : document.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
