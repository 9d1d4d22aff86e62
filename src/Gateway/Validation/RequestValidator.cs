using Gateway.Telemetry;
using Newtonsoft.Json.Linq;

namespace Gateway.Validation;

/// <summary>
/// Refuses a body that breaks its model's request schema with a 400 listing the failing JSON paths: all of them, up to
/// <see cref="MaxListed"/>, so that a small body with many faults cannot make the answer many times its size.
/// </summary>
internal sealed class RequestValidator(SchemaRegistry schemas, GatewayMetrics metrics)
{
    public const int MaxListed = 100;

    /// <returns>Whether the body is valid; when not, the 400 has been written.</returns>
    public async Task<bool> CheckAsync(HttpContext context, string model, string api, JToken json)
    {
        var failures = SchemaValidator.Validate(schemas.For(model, api).Request, json);
        if (failures.Count == 0)
        {
            return true;
        }

        metrics.RecordValidationFailure(model, api);
        await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "The request does not match its schema",
            failures.Count <= MaxListed
                ? $"{failures.Count} problem(s) with the body; see errors."
                : $"{failures.Count} problems with the body; errors lists the first {MaxListed}.",
            [.. failures.Take(MaxListed).Select(f => new FieldError(f.Path, f.Reason))]);
        return false;
    }
}
