using ShadowCompare.Access;
using ShadowCompare.Reporting;

namespace ShadowCompare.Gate;

/// <summary>
/// <c>GET /v1/gate?model=&amp;candidate=[&amp;baseline=]</c>: the promotion gate's verdict over the comparisons of a
/// candidate against one baseline (by default the one with the most comparisons), for the gateway's promote, which
/// names the stable version it would replace.
/// </summary>
internal static class GateEndpoints
{
    public static IEndpointRouteBuilder MapGate(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/gate", (string model, string candidate, string? baseline, double? minScore, double? minAgreement, double? maxP99Ratio, long? minSamples, ReportService reports,
            Microsoft.Extensions.Options.IOptions<ShadowCompareOptions> options) =>
        {
            // NaN and infinities bind as doubles; no threshold is made of them (nor could a verdict carrying one be written).
            if (new[] { minScore, minAgreement, maxP99Ratio }.Any(v => v is { } d && !double.IsFinite(d)))
            {
                return Results.Problem("minScore, minAgreement and maxP99Ratio must be finite numbers.", statusCode: StatusCodes.Status400BadRequest);
            }

            var defaults = options.Value.Gate;
            var thresholds = new GateThresholds
            {
                MinAgreement = minAgreement ?? defaults.MinAgreement,
                MaxP99Ratio = maxP99Ratio ?? defaults.MaxP99Ratio,
                MinSamples = minSamples ?? defaults.MinSamples,
                MaxFailureRate = defaults.MaxFailureRate,
                Confidence = defaults.Confidence,
                MinLatencyIncrease = defaults.MinLatencyIncrease,
                MinLatencyEffect = defaults.MinLatencyEffect,
                MinScore = minScore ?? defaults.MinScore,
                FailPastNoise = defaults.FailPastNoise,
            };
            var report = reports.Build(model, candidate, thresholds: thresholds, baseline: baseline);
            return Results.Json(report?.Verdict ?? new Reporting.Verdict(false,
                $"FAIL {candidate}: no comparisons of {model} {candidate}{(baseline is null ? "" : $" against {baseline}")} are stored", thresholds));
        }).RequireReadToken();
        return endpoints;
    }
}
