using ControlPlane;
using Gateway.Audit;
using Gateway.Flags;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// The SREs' API, behind <see cref="AdminAuthorizationFilter"/>: read each model's traffic, set its canary share,
/// roll back, promote, and read the audit. Every change is a compare-and-set on the control plane's flags document:
/// it holds for every replica, and a caller that sends <c>If-Match: "{version}"</c> changes nothing unless the flags
/// are still at that version.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter<AdminAuthorizationFilter>().WithMetadata(ServedOn.AdminListener)
            .WithTags("admin").ProducesProblem(StatusCodes.Status401Unauthorized);
        admin.MapGet("/models", async (IOptionsMonitor<GatewayOptions> options, ModelStatusReport report, HttpContext context) =>
        {
            var models = new List<ModelStatus>();
            foreach (var model in options.CurrentValue.Models.Keys.Order(StringComparer.Ordinal))
            {
                models.Add(await report.ForAsync(model, context.RequestAborted));
            }

            return Results.Json(new ModelStatusList(models));
        }).WithName("ListModels").WithSummary("Every model's canary share (configured and realised), tracks, health and traffic.").Produces<ModelStatusList>();
        admin.MapGet("/models/{model}", async (string model, HttpContext context, IOptionsMonitor<GatewayOptions> options, ModelStatusReport report) =>
            options.CurrentValue.Models.ContainsKey(model) ? Results.Json(await report.ForAsync(model, context.RequestAborted)) : UnknownModel(context, model))
            .WithName("GetModel").WithSummary("One model's status.").Produces<ModelStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("/models/{model}/canary", SetCanaryAsync)
            .WithName("SetCanary").WithSummary("Set the canary's share of callers, 0 to 100 (If-Match: the flags' version, optional).")
            .Accepts<CanaryChange>("application/json").Produces<AuditRecord>().Changes();
        admin.MapPost("/models/{model}/rollback", RollbackAsync)
            .WithName("Rollback").WithSummary("Send the canary's callers back to stable at once (canary to 0 %).")
            .Accepts<ActionReason>("application/json").Produces<AuditRecord>().Changes();
        admin.MapPost("/models/{model}/promote", PromoteAsync)
            .WithName("Promote").WithSummary("Make the canary's version stable's if ShadowCompare's gate passes it (or with force and a reason); canary to 0 %.")
            .Accepts<PromoteRequest>("application/json").Produces<AuditRecord>().Changes();
        admin.MapPut("/models/{model}/versions/{track}", SetVersionAsync)
            .WithName("SetVersion").WithSummary("Set the version a track's ModelHosts serve; answers once they serve it.")
            .Accepts<SetVersionRequest>("application/json").Produces<VersionChange>().Changes();
        admin.MapPost("/models/{model}/rollback-promotion", RollbackPromotionAsync)
            .WithName("RollbackPromotion").WithSummary("Put stable back on the version the last promotion replaced.")
            .Accepts<ActionReason>("application/json").Produces<VersionChange>().Changes();
        admin.MapGet("/audit", async (string? model, int? limit, AuditLog audit, HttpContext context) =>
            await audit.ReadAsync(model, limit: Math.Clamp(limit ?? 100, 1, 10_000), cancellationToken: context.RequestAborted) is { } records
                ? Results.Json(new AuditPage(records))
                : Unreachable(context))
            .WithName("ReadAudit").WithSummary("The newest changes first (limit 1 to 10,000, default 100).").Produces<AuditPage>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // The admin API's own OpenAPI document, on the admin listener, for an admin token: /admin/openapi/admin.json.
        admin.MapOpenApi("/openapi/{documentName}.json");
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
        var expected = ExpectedVersion(context, ref error);
        if (error.Length > 0)
        {
            return BadRequest(context, error);
        }

        return Answer(context, await store.SetShareAsync(
            model, change!.Percent!.Value, AuditActions.Set, AdminAuthorizationFilter.Actor(context), Reason(change.Reason), expectedVersion: expected, cancellationToken: context.RequestAborted));
    }

    private static async Task<IResult> RollbackAsync(string model, HttpContext context, IOptionsMonitor<GatewayOptions> options, FlagStore store, GatewayMetrics metrics)
    {
        if (Refusal(context, options, model) is { } refused)
        {
            return refused;
        }

        var (body, error) = await AdminRequests.ReadAsync(context, new ActionReason(null));
        error = body is null ? error : AdminRequests.CheckReason(body.Reason) ?? "";
        var expected = ExpectedVersion(context, ref error);
        if (error.Length > 0)
        {
            return BadRequest(context, error);
        }

        var change = await store.SetShareAsync(
            model, 0, AuditActions.Rollback, AdminAuthorizationFilter.Actor(context), Reason(body!.Reason), expectedVersion: expected, cancellationToken: context.RequestAborted);
        if (change.Outcome == FlagsChangeOutcome.Applied)
        {
            metrics.RecordRollback(model, automatic: false);
        }

        return Answer(context, change);
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

    private static async Task<IResult> SetVersionAsync(string model, string track, HttpContext context, IOptionsMonitor<GatewayOptions> options, VersionRollout rollout)
    {
        if (!options.CurrentValue.Models.ContainsKey(model))
        {
            return UnknownModel(context, model);
        }

        var (body, error) = await AdminRequests.ReadAsync<SetVersionRequest>(context, null);
        error = body is null ? error
            : track is not (TrackNames.Stable or TrackNames.Canary) ? $"track must be '{TrackNames.Stable}' or '{TrackNames.Canary}'."
            : AdminRequests.CheckVersion(body.Version) ?? AdminRequests.CheckReason(body.Reason) ?? "";
        if (error.Length > 0)
        {
            return BadRequest(context, error);
        }

        var target = new DesiredVersion(body!.Version!, rollout.Digest(model, track, body.Version!));
        return Rolled(context, model, track, target, await rollout.RollOutAsync(model, track, target, AdminAuthorizationFilter.Actor(context), Reason(body.Reason), context.RequestAborted));
    }

    // The stable track back to the version the last promotion replaced; the canary share is left as it is.
    private static async Task<IResult> RollbackPromotionAsync(string model, HttpContext context, IOptionsMonitor<GatewayOptions> options, VersionRollout rollout, AuditLog audit)
    {
        if (!options.CurrentValue.Models.ContainsKey(model))
        {
            return UnknownModel(context, model);
        }

        var (body, error) = await AdminRequests.ReadAsync(context, new ActionReason(null));
        if ((body is null ? error : AdminRequests.CheckReason(body.Reason)) is { Length: > 0 } problem)
        {
            return BadRequest(context, problem);
        }

        var promotion = await audit.LatestAsync(model, [AuditActions.Promote], context.RequestAborted);
        if (promotion?.Promoted?.From is not { } from)
        {
            return TypedResults.Problem($"No promotion of '{model}' with a known earlier version is in the audit trail.", context.Request.Path, StatusCodes.Status409Conflict, "Nothing to roll back");
        }

        var target = new DesiredVersion(from, rollout.Digest(model, TrackNames.Stable, from));
        var reason = $"rollback of the promotion to {promotion.Promoted.To}: {Reason(body!.Reason)}";
        return Rolled(context, model, TrackNames.Stable, target, await rollout.RollOutAsync(model, TrackNames.Stable, target, AdminAuthorizationFilter.Actor(context), reason, context.RequestAborted));
    }

    private static IResult Rolled(HttpContext context, string model, string track, DesiredVersion target, RolloutResult result) =>
        result.Outcome == RolloutOutcome.Done
            ? Results.Json(new VersionChange(model, track, target.Version, target.Sha256, result.Previous?.Version, result.Detail))
            : TypedResults.Problem(result.Detail, context.Request.Path, Promotion.Status(result.Outcome),
                result.Outcome == RolloutOutcome.Unavailable ? "Control plane unreachable" : "Version not rolled out");

    // The change's audit record with the flags' new version as its ETag; a conflict names the version the flags are at.
    private static IResult Answer(HttpContext context, FlagsChange change)
    {
        if (change.Outcome == FlagsChangeOutcome.Applied)
        {
            context.Response.Headers.ETag = FlagsETag(change.Version);
            return Results.Json(change.Record);
        }

        return change.Outcome == FlagsChangeOutcome.Unavailable
            ? Unreachable(context)
            : TypedResults.Problem(
                $"The flags are at version {change.Version}, not the one in If-Match: another change came first. Read the status again and retry with If-Match: {FlagsETag(change.Version)}.",
                context.Request.Path, StatusCodes.Status409Conflict, "Flags changed", extensions: new Dictionary<string, object?> { ["current_version"] = change.Version });
    }

    // What every change may be refused with.
    private static RouteHandlerBuilder Changes(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static string FlagsETag(long version) => $"\"{version}\"";

    // If-Match: "{version}" (a weak or strong ETag, or a bare number); absent means "whatever the flags are now".
    private static long? ExpectedVersion(HttpContext context, ref string error)
    {
        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || error.Length > 0)
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (long.TryParse(tag.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        error = $"If-Match must be the flags' version as an ETag, like \"12\"; it is '{header}'.";
        return null;
    }

    private static ProblemHttpResult Unreachable(HttpContext context) =>
        TypedResults.Problem(
            "The control plane (ControlPlane:Redis) cannot be reached, so nothing was changed; traffic is served with the last good flags. Try again when it is back.",
            context.Request.Path, StatusCodes.Status503ServiceUnavailable, "Control plane unreachable");

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
