using System.Text.Json;
using Microsoft.Extensions.Options;
using ShadowCompare.Access;

namespace ShadowCompare.Reporting;

/// <summary><c>GET /reports/{model}</c> (HTML), <c>.json</c> and <c>.md</c>; query: <c>candidate</c>, <c>baseline</c>, <c>source</c>, <c>run</c>. Read tokens only: reports hold customers' inputs.</summary>
internal static class ReportEndpoints
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/{name}", async (string name, string? candidate, string? source, string? run, string? baseline, ReportService reports, ManifestFacts facts,
            Drift.ReferenceCatalog references, Storage.ComparisonStore store, TimeProvider time, IOptions<ShadowCompareOptions> options, CancellationToken cancellationToken) =>
        {
            var (model, format) = Split(name);
            if (reports.Build(model, candidate, source ?? ReportService.AllSources, run, baseline: baseline) is not { } built)
            {
                return Results.Problem(
                    $"No comparisons of '{model}'{(candidate is null ? "" : $" version '{candidate}'")}{(baseline is null ? "" : $" against '{baseline}'")} are stored yet.",
                    statusCode: StatusCodes.Status404NotFound, title: "No comparisons");
            }

            var report = await Drift.DriftReports.AddToAsync(
                await facts.AddToAsync(built, options.Value.ModelStore, cancellationToken), store, references, options.Value, time.GetUtcNow(), cancellationToken);

            return format switch
            {
                "json" => Results.Text(JsonSerializer.Serialize(report, Indented), "application/json"),
                "md" => Results.Text(MarkdownReport.Render(report), "text/markdown; charset=utf-8"),
                _ => Results.Text(HtmlReport.Render(report), "text/html; charset=utf-8"),
            };
        }).RequireReadToken();
        return endpoints;
    }

    private static (string Model, string Format) Split(string name) =>
        name.EndsWith(".json", StringComparison.Ordinal) ? (name[..^5], "json")
        : name.EndsWith(".md", StringComparison.Ordinal) ? (name[..^3], "md")
        : (name, "html");
}
