using Microsoft.AspNetCore.Http.Features;
using Gateway.Routing;
using Gateway.Telemetry;

namespace Gateway.Validation;

/// <summary>
/// Refuses a body that breaks its model's request schema with a 400 listing the failing JSON paths: all of them, up to
/// <see cref="MaxListed"/>, so that a small body with many faults cannot make the answer many times its size.
/// </summary>
internal sealed class ValidationMiddleware(RequestDelegate next, SchemaRegistry schemas, GatewayMetrics metrics)
{
    public const int MaxListed = 100;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.GetRequiredFeature<GatewayRequest>();
        var failures = SchemaValidator.Validate(schemas.For(request.Model, request.Api).Request, request.Json);
        if (failures.Count > 0)
        {
            metrics.RecordValidationFailure(request.Model, request.Api);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "The request does not match its schema",
                failures.Count <= MaxListed
                    ? $"{failures.Count} problem(s) with the body; see errors."
                    : $"{failures.Count} problems with the body; errors lists the first {MaxListed}.",
                failures.Take(MaxListed).Select(f => new { path = f.Path, reason = f.Reason }));
            return;
        }

        await next(context);
    }
}
