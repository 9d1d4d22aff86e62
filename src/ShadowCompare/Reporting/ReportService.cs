using Microsoft.Extensions.Options;
using ShadowCompare.Gate;
using ShadowCompare.Storage;

namespace ShadowCompare.Reporting;

/// <summary>Builds reports from the store: for a model and candidate version (by default the one compared last), over one source or all.</summary>
internal sealed class ReportService(ComparisonStore store, IOptions<ShadowCompareOptions> options, TimeProvider time, Telemetry.ShadowCompareMetrics? metrics = null)
{
    public const string AllSources = "all";

    /// <summary>
    /// The report of a candidate against one baseline (the primary version its answers were compared with): figures
    /// from comparisons against different primaries are never pooled. Unnamed, the baseline is the one with the most
    /// comparisons (the stable track's, which takes most traffic); the report lists the others to ask for.
    /// </summary>
    /// <returns>The report, or null when the store holds nothing for the model (and candidate, and baseline).</returns>
    public ComparisonReport? Build(
        string model, string? candidate = null, string source = AllSources, string? run = null, GateThresholds? thresholds = null, string? baseline = null)
    {
        candidate ??= store.Candidates().FirstOrDefault(c => c.Model == model).ShadowVersion;
        if (candidate is null)
        {
            return null;
        }

        // From the aggregates, never the comparisons: the same cost over ten comparisons or ten million.
        // The control's comparisons are the noise floor, never the candidate's (the store keeps them apart).
        var sourceFilter = source == AllSources ? null : source;
        var baselines = store.Baselines(model, candidate, sourceFilter, run)
            .Select(b => new BaselineCount(b.Baseline, b.Comparisons))
            .OrderByDescending(b => b.Comparisons).ThenBy(b => b.Version, StringComparer.Ordinal)
            .ToList();
        baseline ??= baselines.FirstOrDefault()?.Version;
        if (baseline is null || store.Aggregate(model, candidate, baseline, sourceFilter, run) is not { Comparisons: > 0 } results)
        {
            return null;
        }

        // The gateway's drops and the records still waiting belong to live traffic: they count where live comparisons do.
        var live = source is "live" or AllSources && run is null;
        // The noise floor: live comparisons of the baseline's answers with the control serving the same version.
        // Decided by what is stored, not by this process's settings: the CLI and the server judge alike.
        var control = live ? store.Aggregate(model, baseline, baseline, "live", null, control: true) : null;
        control = control is { Comparisons: > 0 } ? control : null;
        var report = ReportBuilder.Build(model, candidate, [baseline], source, run, results, live ? store.Drops(model) : [], thresholds ?? options.Value.Gate, time.GetUtcNow(),
            live ? store.PendingCount(model) : 0, control, options.Value.Noise, options.Value.ScoreWeightsFor(model));
        if (report.Verdict.Score is { } score && source == AllSources && run is null)
        {
            metrics?.RecordScore(model, candidate, baseline, score);
        }

        return report with { OtherBaselines = [.. baselines.Where(b => b.Version != baseline)] };
    }
}
