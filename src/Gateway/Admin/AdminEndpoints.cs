using Gateway.Canary;
using Microsoft.AspNetCore.Http.HttpResults;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// The SREs' API, behind <see cref="AdminAuthorizationFilter"/>: read each model's traffic, set its canary share,
/// roll back, promote, and read the audit. Every change writes through to the flags file.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter<AdminAuthorizationFilter>();
        admin.MapGet("/models", (IOptionsMonitor<GatewayOptions> options, ModelStatusReport report) =>
            Results.Json(new { models = options.CurrentValue.Models.Keys.Order(StringComparer.Ordinal).Select(report.For) }));
        admin.MapGet("/models/{model}", (string model, HttpContext context, IOptionsMonitor<GatewayOptions> options, ModelStatusReport report) =>
            options.CurrentValue.Models.ContainsKey(model) ? Results.Json(report.For(model)) : UnknownModel(context, model));
        admin.MapPut("/models/{model}/canary", SetCanaryAsync);
        admin.MapPost("/models/{model}/rollback", RollbackAsync);
        admin.MapPost("/models/{model}/promote", PromoteAsync);
        admin.MapGet("/audit", (string? model, int? limit, AuditLog audit) =>
            Results.Json(new { records = audit.Read(model, limit: Math.Clamp(limit ?? 100, 1, 10_000)) }));
        return endpoints;
    }

    private static async Task<IResult> SetCanaryAsync(string model, HttpContext context, IOptionsMonitor<GatewayOptions> options, FlagStore store)
    {
        if (Refusal(context, options, model) is { } refused)
        {
            return refused;
        }

        var (change, error) = await AdminRequests.ReadAsync<CanaryChange>(context, null);
        error = change is null ? error
            : change.Percent is not { } percent || !double.IsFinite(percent) || percent is < 0 or > 100 ? "percent must be a number from 0 to 100."
            : AdminRequests.CheckReason(change.Reason) ?? "";
        if (error.Length > 0)
        {
            return BadRequest(context, error);
        }

        return await WriteAsync(context, () => store.SetShareAsync(model, change!.Percent!.Value, AuditActions.Set, AdminAuthorizationFilter.Actor(context), Reason(change.Reason)));
    }

    private static async Task<IResult> RollbackAsync(string model, HttpContext context, IOptionsMonitor<GatewayOptions> options, FlagStore store, GatewayMetrics metrics)
    {
        if (Refusal(context, options, model) is { } refused)
        {
            return refused;
        }

        var (body, error) = await AdminRequests.ReadAsync(context, new ActionReason(null));
        if ((body is null ? error : AdminRequests.CheckReason(body.Reason)) is { Length: > 0 } problem)
        {
            return BadRequest(context, problem);
        }

        var result = await WriteAsync(context, () => store.SetShareAsync(model, 0, AuditActions.Rollback, AdminAuthorizationFilter.Actor(context), Reason(body!.Reason)));
        metrics.RecordRollback(model, automatic: false);
        return result;
    }

    private static async Task<IResult> PromoteAsync(string model, HttpContext context, IOptionsMonitor<GatewayOptions> options, Promotion promotion)
    {
        if (!options.CurrentValue.Models.ContainsKey(model))
        {
            return UnknownModel(context, model);
        }

        var (body, error) = await AdminRequests.ReadAsync(context, new PromoteRequest(null));
        error = body is null ? error
            : body.Force && string.IsNullOrWhiteSpace(body.Reason) ? "A forced promotion needs a reason, for the audit record."
            : AdminRequests.CheckReason(body.Reason) ?? "";
        if (error.Length > 0)
        {
            return BadRequest(context, error);
        }

        var (record, status, refusal) = await promotion.PromoteAsync(model, AdminAuthorizationFilter.Actor(context), Reason(body!.Reason), body.Force, context.RequestAborted);
        return record is not null
            ? Results.Json(record)
            : TypedResults.Problem(refusal, context.Request.Path, status, status == StatusCodes.Status409Conflict ? "Cannot promote" : "Promotion failed");
    }

    // A flags file this process may not write (a read-only ConfigMap volume, say) is a state to report, not a crash.
    private static async Task<IResult> WriteAsync(HttpContext context, Func<Task<AuditRecord>> change)
    {
        try
        {
            return Results.Json(await change());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TypedResults.Problem(
                $"The flags file cannot be written here ({e.Message}); change it where it is kept (for a ConfigMap, with kubectl apply).",
                context.Request.Path, StatusCodes.Status409Conflict, "Flags file not writable");
        }
    }

    // An unknown model is 404; a model with no canary track has no share to set (409).
    private static ProblemHttpResult? Refusal(HttpContext context, IOptionsMonitor<GatewayOptions> options, string model)
    {
        if (!options.CurrentValue.Models.TryGetValue(model, out var route))
        {
            return UnknownModel(context, model);
        }

        return route.CanaryCluster.Length == 0
            ? TypedResults.Problem($"Model '{model}' has no canary track (Gateway:Models:{model}:CanaryCluster).", context.Request.Path, StatusCodes.Status409Conflict, "No canary track")
            : null;
    }

    private static string Reason(string? given) => string.IsNullOrWhiteSpace(given) ? "(no reason given)" : given.Trim();

    private static ProblemHttpResult BadRequest(HttpContext context, string detail) =>
        TypedResults.Problem(detail, context.Request.Path, StatusCodes.Status400BadRequest, "Bad request");

    private static ProblemHttpResult UnknownModel(HttpContext context, string model) =>
        TypedResults.Problem($"No model named '{model}' is served here.", context.Request.Path, StatusCodes.Status404NotFound, "Unknown model");
}
