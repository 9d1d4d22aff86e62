using Microsoft.Extensions.Options;
using ShadowCompare.Gate;
using ShadowCompare.Storage;

namespace ShadowCompare.Reporting;

/// <summary>Builds reports from the store: for a model and candidate version (by default the one compared last), over one source or all.</summary>
internal sealed class ReportService(ComparisonStore store, IOptions<ShadowCompareOptions> options, TimeProvider time)
{
    public const string AllSources = "all";

    /// <returns>The report, or null when the store holds nothing for the model (and candidate).</returns>
    public ComparisonReport? Build(string model, string? candidate = null, string source = AllSources, string? run = null, GateThresholds? thresholds = null)
    {
        candidate ??= store.Candidates().FirstOrDefault(c => c.Model == model).ShadowVersion;
        if (candidate is null)
        {
            return null;
        }

        var results = store.Read(model, candidate, source == AllSources ? null : source, run);
        if (results.Count == 0)
        {
            return null;
        }

        // The gateway's drops and the records still waiting belong to live traffic: they count where live comparisons do.
        var live = source is "live" or AllSources && run is null;
        return ReportBuilder.Build(model, candidate, source, run, results, live ? store.Drops(model) : [], thresholds ?? options.Value.Gate, time.GetUtcNow(),
            live ? store.PendingCount(model) : 0);
    }
}
