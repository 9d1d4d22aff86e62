using ShadowCompare.Comparison;

namespace ShadowCompare.Reporting;

/// <summary>
/// The noise floor, as Twitter's Diffy measures it: the primary compared with a second instance of itself (the
/// control) shows how much its answers differ by themselves; a candidate's difference in a field counts only past
/// that noise × (1 + relative threshold) + absolute threshold. Each field is measured as a difference rate: a label's
/// disagreement, a score's mean absolute difference, a vector's 1 − mean cosine.
/// </summary>
internal static class NoiseFloor
{
    /// <summary>The shadow name the control's comparisons are stored under.</summary>
    public const string ControlName = "control";

    /// <param name="candidate">The candidate's compared rows against the baseline.</param>
    /// <param name="control">The control's compared rows against the same baseline version (primary and control the same version).</param>
    /// <param name="agreement">The candidate's agreement over <paramref name="candidate"/>.</param>
    /// <param name="options">The thresholds.</param>
    /// <param name="confidence">How sure the forgiven noise must be (the gate's confidence).</param>
    /// <returns>The noise floor; its figures are null while the control has fewer rows than <see cref="NoiseOptions.MinimumRows"/>.</returns>
    public static NoiseReport Build(
        IReadOnlyList<List<FieldComparison>> candidate, IReadOnlyList<List<FieldComparison>> control, double? agreement, NoiseOptions options, double confidence = 0.95)
    {
        if (control.Count < options.MinimumRows)
        {
            return new NoiseReport(control.Count, null, null, []);
        }

        var agreeing = control.Count(ReportBuilder.RowAgrees);
        var noiseAgreement = agreeing / (double)control.Count;
        // Only the noise the control surely shows is forgiven: the lower bound of its disagreement, not the point.
        var noiseDisagreement = ReleaseStatistics.Proportion.Wilson(control.Count - agreeing, control.Count, confidence).Lower;
        double? aboveNoise = agreement is { } a ? Math.Min(1, a + noiseDisagreement) : null;
        var fields = candidate.SelectMany(r => r).Select(f => (f.Field, f.Kind)).Distinct()
            .Select(f =>
            {
                var (measured, noise) = (Difference(candidate, f.Field, f.Kind), Difference(control, f.Field, f.Kind));
                var threshold = (noise * (1 + options.RelativeThreshold)) + options.AbsoluteThreshold;
                return new NoiseField(f.Field, f.Kind.ToString().ToLowerInvariant(), measured, noise, threshold, measured > threshold);
            })
            .OrderBy(f => f.Field, StringComparer.Ordinal)
            .ToList();
        return new NoiseReport(control.Count, noiseAgreement, aboveNoise, fields);
    }

    // A field's difference rate over rows: what share of its labels disagree, its mean |difference|, its 1 − mean cosine.
    private static double Difference(IReadOnlyList<List<FieldComparison>> rows, string field, FieldKind kind)
    {
        var values = rows.SelectMany(r => r).Where(f => f.Field == field && f.Kind == kind).ToList();
        return values.Count == 0 ? 0 : kind switch
        {
            FieldKind.Label => values.Count(v => !v.Agree) / (double)values.Count,
            FieldKind.Score => values.Average(v => v.AbsoluteDifference ?? 0),
            _ => Math.Max(0, 1 - values.Average(v => v.Cosine ?? 0)),
        };
    }
}
