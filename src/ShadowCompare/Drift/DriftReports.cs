using ShadowCompare.Reporting;
using ShadowCompare.Storage;

namespace ShadowCompare.Drift;

/// <summary>Adds the drift of the baseline's live inputs to a report over live comparisons.</summary>
internal static class DriftReports
{
    /// <returns>The report with its drift; as it was for an offline run, or when the baseline has no reference or no live inputs.</returns>
    public static async Task<ComparisonReport> AddToAsync(
        ComparisonReport report, ComparisonStore store, ReferenceCatalog references, ShadowCompareOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (report.Run is not null || report.Source is not ("live" or ReportService.AllSources) || report.Baselines.Count == 0)
        {
            return report;
        }

        var version = report.Baselines[0];
        if (await references.GetAsync(settings.ModelStore, report.Model, version, cancellationToken) is not { } reference)
        {
            return report;
        }

        var since = DriftCount.WindowStart(now, settings.Drift.WindowHours);
        var counts = store.DriftCounts(report.Model, version, since);
        return counts.Count == 0 ? report : report with { Drift = DriftAnalysis.Analyse(reference, version, counts, settings.Drift, since) };
    }
}
