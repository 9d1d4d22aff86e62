using ShadowCompare.Aggregation;
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

    /// <param name="candidate">The candidate's comparisons against the baseline.</param>
    /// <param name="control">The control's comparisons against the same baseline version (primary and control the same version).</param>
    /// <param name="agreement">The candidate's agreement.</param>
    /// <param name="options">The thresholds.</param>
    /// <param name="confidence">How sure the forgiven noise must be (the gate's confidence).</param>
    /// <returns>The noise floor; its figures are null while the control has fewer rows than <see cref="NoiseOptions.MinimumRows"/>.</returns>
    public static NoiseReport Build(ReportAggregate candidate, ReportAggregate control, double? agreement, NoiseOptions options, double confidence = 0.95)
    {
        if (control.Rows < options.MinimumRows)
        {
            return new NoiseReport(control.Rows, null, null, []);
        }

        var noiseAgreement = control.AgreeingRows / (double)control.Rows;
        // Only the noise the control surely shows is forgiven: the lower bound of its disagreement, not the point.
        var noiseDisagreement = ReleaseStatistics.Proportion.Wilson(control.Rows - control.AgreeingRows, control.Rows, confidence).Lower;
        double? aboveNoise = agreement is { } a ? Math.Min(1, a + noiseDisagreement) : null;
        var fields = candidate.Fields.Values.Where(f => f.Values > 0)
            .Select(f =>
            {
                var (measured, noise) = (Difference(f), control.Fields.GetValueOrDefault(ReportAggregate.FieldKey(f.Kind, f.Field)) is { Values: > 0 } own ? Difference(own) : 0);
                var threshold = (noise * (1 + options.RelativeThreshold)) + options.AbsoluteThreshold;
                return new NoiseField(f.Field, f.Kind.ToString().ToLowerInvariant(), measured, noise, threshold, measured > threshold);
            })
            .OrderBy(f => f.Field, StringComparer.Ordinal)
            .ToList();
        return new NoiseReport(control.Rows, noiseAgreement, aboveNoise, fields)
        {
            WithinToleranceAboveNoise = WithinToleranceAboveNoise(candidate, control, confidence),
        };
    }

    // As agreement above noise, per score and vector field: the candidate's share within tolerance, plus the share the
    // control surely (the Wilson lower bound) falls outside it by itself, at most 1; their mean.
    private static double? WithinToleranceAboveNoise(ReportAggregate candidate, ReportAggregate control, double confidence)
    {
        var shares = candidate.Fields.Values.Where(f => f.Kind != FieldKind.Label && f.Values > 0)
            .Select(f =>
            {
                var own = control.Fields.GetValueOrDefault(ReportAggregate.FieldKey(f.Kind, f.Field));
                var noise = own is { Values: > 0 } ? ReleaseStatistics.Proportion.Wilson(own.Values - own.Agree, own.Values, confidence).Lower : 0;
                return Math.Min(1, (f.Agree / (double)f.Values) + noise);
            })
            .ToList();
        return shares.Count == 0 ? null : shares.Average();
    }

    // A field's difference rate: what share of its labels disagree, its mean |difference|, its 1 − mean cosine.
    private static double Difference(FieldAggregate field) => field.Kind switch
    {
        FieldKind.Label => (field.Values - field.Agree) / (double)field.Values,
        FieldKind.Score => field.SumAbsolute / field.Values,
        _ => Math.Max(0, 1 - (field.SumCosine / field.Values)),
    };
}
