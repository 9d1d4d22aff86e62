using Gateway.Access;
using Gateway.Pipeline.Intake;
using Gateway.Validation;
using Gateway.Versioning;
using Microsoft.Extensions.Options;

namespace Gateway.Jobs;

/// <summary>
/// The jobs API on the public listener: submit a JSON Lines dataset for a model, read the job's state, download its
/// results, cancel it. A job belongs to the API key that made it (anonymous callers' jobs, where anonymous access is
/// on, to whoever holds the unguessable id); to anyone else it does not exist (404).
/// </summary>
internal static class JobEndpoints
{
    private static readonly string[] DatasetTypes = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines"];

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/models/{model}/jobs", SubmitAsync).RequireRateLimiting(RateLimitingServiceCollectionExtensions.PublicPolicy);
        endpoints.MapGet("/v1/jobs/{id}", StatusAsync).RequireRateLimiting(RateLimitingServiceCollectionExtensions.PublicPolicy);
        endpoints.MapGet("/v1/jobs/{id}/results", ResultsAsync).RequireRateLimiting(RateLimitingServiceCollectionExtensions.PublicPolicy);
        endpoints.MapDelete("/v1/jobs/{id}", CancelAsync).RequireRateLimiting(RateLimitingServiceCollectionExtensions.PublicPolicy);
        return endpoints;
    }

    private static async Task SubmitAsync(
        string model, string? callback, HttpContext context, IOptionsMonitor<GatewayOptions> options, ApiKeyDirectory keys, JobStore store,
        JobFiles files, SchemaRegistry catalog, TimeProvider time)
    {
        var settings = options.CurrentValue;
        if (await CallerAsync(context, keys) is not { } owner)
        {
            return;
        }

        if (!settings.Jobs.Enabled || !settings.Models.ContainsKey(model))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found",
                settings.Jobs.Enabled ? $"There is no model '{model}'." : "Batch jobs are turned off on this gateway.");
            return;
        }

        // A job's rows are API v1 instances: a model must offer v1 for jobs, and v1's deprecation and sunset hold for them.
        if (!catalog.TryGetApi(model, Apis.V1, out var v1))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown API version",
                $"Batch jobs take API v1 instances. {ApiLifecycle.NotOffered(model, Apis.V1, catalog.Offered(model))}");
            return;
        }

        if (!await ApiLifecycle.AdmitAsync(context, model, v1, time.GetUtcNow()))
        {
            return;
        }

        var mediaType = context.Request.ContentType?.Split(';')[0].Trim() ?? "";
        if (!DatasetTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the dataset as JSON Lines, one instance per line, with Content-Type: application/x-ndjson.");
            return;
        }

        if (JobWebhook.CheckCallback(callback, settings.Jobs) is { } callbackError)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad callback", callbackError);
            return;
        }

        try
        {
            var active = (await store.ListAsync(context.RequestAborted)).Count(j => j.Owner == owner && !JobStates.IsFinal(j.State));
            if (active >= settings.Jobs.MaxActiveJobsPerCaller)
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many jobs",
                    $"This caller has {active} jobs queued or running; the limit is {settings.Jobs.MaxActiveJobsPerCaller}. Wait for one to finish, or cancel one.",
                    retryAfter: TimeSpan.FromSeconds(30));
                return;
            }

            var id = JobIds.New();
            var (rows, status, error) = await JobDatasetWriter.WriteAsync(context.Request, files.Dataset(id), settings.Jobs, context.RequestAborted);
            if (rows is null)
            {
                files.Delete(id);
                await GatewayProblems.WriteAsync(context, status, status == StatusCodes.Status413PayloadTooLarge ? "Dataset too large" : "Bad dataset", error);
                return;
            }

            var job = new JobRecord(id, model, owner, JobStates.Queued, rows.Value, 0, 0, [], null, [], time.GetUtcNow(), null, null, null, callback);
            var created = false;
            try
            {
                created = await store.CreateAsync(job, context.RequestAborted);
            }
            finally
            {
                if (!created)
                {
                    files.Delete(id);
                }
            }

            if (!created)
            {
                throw new JobStoreUnavailableException();
            }

            context.Response.Headers.Location = $"/v1/jobs/{id}";
            await Results.Json(JobStatus.Of(job), statusCode: StatusCodes.Status202Accepted).ExecuteAsync(context);
        }
        catch (JobStoreUnavailableException e)
        {
            await Unavailable(context, e);
        }
    }

    private static async Task StatusAsync(string id, HttpContext context, ApiKeyDirectory keys, JobStore store)
    {
        if (await OwnedAsync(id, context, keys, store) is { } job)
        {
            await Results.Json(JobStatus.Of(job)).ExecuteAsync(context);
        }
    }

    // The committed part of the results: complete lines only, also while the job runs.
    private static async Task ResultsAsync(string id, HttpContext context, ApiKeyDirectory keys, JobStore store, JobFiles files)
    {
        if (await OwnedAsync(id, context, keys, store) is not { } job)
        {
            return;
        }

        var segments = job.Segments.Where(s => s.Bytes > 0).ToList();
        if (segments.Any(s => !File.Exists(files.Results(id, s.Token))))
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"The results of job '{id}' are gone (kept for a while after it finished).");
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        context.Response.Headers["X-Job-State"] = job.State;
        context.Response.ContentLength = job.ResultBytes;
        foreach (var segment in segments)
        {
            await context.Response.SendFileAsync(files.Results(id, segment.Token), 0, segment.Bytes, context.RequestAborted);
        }
    }

    private static async Task CancelAsync(string id, HttpContext context, ApiKeyDirectory keys, JobStore store, JobFiles files, TimeProvider time)
    {
        if (await OwnedAsync(id, context, keys, store) is null)
        {
            return;
        }

        try
        {
            var cancelled = false;
            var job = await store.UpdateAsync(id, j =>
            {
                cancelled = !JobStates.IsFinal(j.State);
                return cancelled ? j with { State = JobStates.Cancelled, Finished = time.GetUtcNow() } : null;
            }, context.RequestAborted);
            if (job is null)
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"There is no job '{id}' for this caller.");
                return;
            }

            if (!cancelled)
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status409Conflict, "Job already finished", $"The job has {job.State}; there is nothing to cancel.");
                return;
            }

            files.DeleteDataset(id);
            await Results.Json(JobStatus.Of(job)).ExecuteAsync(context);
        }
        catch (JobStoreUnavailableException e)
        {
            await Unavailable(context, e);
        }
    }

    private static async Task<JobRecord?> OwnedAsync(string id, HttpContext context, ApiKeyDirectory keys, JobStore store)
    {
        if (await CallerAsync(context, keys) is not { } owner)
        {
            return null;
        }

        try
        {
            if (await store.ReadAsync(id, context.RequestAborted) is { } job && job.Owner == owner)
            {
                return job;
            }
        }
        catch (JobStoreUnavailableException e)
        {
            await Unavailable(context, e);
            return null;
        }

        await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"There is no job '{id}' for this caller.");
        return null;
    }

    // The owner is the API key's name; without a key (where anonymous calls are allowed), "anonymous".
    private static async Task<string?> CallerAsync(HttpContext context, ApiKeyDirectory keys) =>
        !await ApiKeyAuthentication.AuthenticateAsync(context, keys) ? null
            : context.Features.Get<ApiKeyFeature>() is { } key ? "key:" + key.Caller : "anonymous";

    private static Task Unavailable(HttpContext context, JobStoreUnavailableException e) =>
        GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Control plane unreachable", e.Message, retryAfter: TimeSpan.FromSeconds(5));
}
