using System.Text.Json;
using Microsoft.Extensions.Options;
using ShadowCompare.Access;
using ShadowCompare.Storage;
using ShadowCompare.Telemetry;

namespace ShadowCompare.Ingest;

/// <summary>
/// <c>POST /v1/mirror</c>: the gateway hands over a batch of mirror records (and what it dropped), with its service
/// token. 202 means every record is on disk; 503 (with <c>Retry-After</c>) means the backlog is full and nothing was taken.
/// </summary>
internal static class IngestEndpoints
{
    private const long MaxBodyBytes = 64L * 1024 * 1024;
    private static readonly JsonSerializerOptions Strict = new() { MaxDepth = 64 };

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/mirror", async (HttpContext context, ComparisonStore store, ComparisonWorker worker, ShadowCompareMetrics metrics, IOptionsMonitor<ShadowCompareOptions> options) =>
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                return Results.Problem($"The body is over {MaxBodyBytes} bytes; send smaller batches.", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            MirrorBatch? batch;
            try
            {
                batch = await JsonSerializer.DeserializeAsync<MirrorBatch>(context.Request.Body, Strict, context.RequestAborted);
            }
            catch (JsonException e)
            {
                return Results.Problem($"The body is not a mirror batch: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
            }
            catch (BadHttpRequestException e)
            {
                // Too large (past Kestrel's limit) or cut off: the client's fault, said as such, not logged as a crash.
                return Results.Problem($"The body could not be read: {e.Message}", statusCode: e.StatusCode);
            }

            if (batch?.Records is null || batch.Records.Any(r => r?.Model is null || r.Primary is null || r.RequestId is null || r.Api is null)
                || batch.Dropped?.Any(d => d.Value is null || d.Value.Any(c => c.Value < 0)) == true)
            {
                return Results.Problem("Send {\"records\": [{model, api, request_id, time, input, primary: {version, track, output, latency_ms}, traceparent?}], \"dropped\"?: {model: {reason: count ≥ 0}}}.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (store.PendingCount() + batch.Records.Count > options.CurrentValue.MaxPending)
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.Problem("The comparison backlog is full; the records were not taken.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var accepted = store.Enqueue(batch.Records, batch.Dropped, batch.BatchId, batch.Unconfirmed);
            metrics.RecordReceived(accepted > 0 ? batch.Records.Select(r => r.Model) : []);
            foreach (var (model, reasons) in batch.Dropped ?? [])
            {
                foreach (var (reason, count) in reasons)
                {
                    metrics.RecordDropped(model, reason, count);
                }
            }

            worker.Wake();
            return Results.Json(new { accepted }, statusCode: StatusCodes.Status202Accepted);
        }).RequireIngestToken();
        return endpoints;
    }
}
