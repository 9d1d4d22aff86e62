using ShadowCompare.Aggregation;
using ShadowCompare.Comparison;
using ShadowCompare.Gate;
using ShadowCompare.Storage;

namespace ShadowCompare.Reporting;

/// <summary>Computes a <see cref="ComparisonReport"/> from stored comparisons: every figure is over the compared rows of one candidate version.</summary>
internal static class ReportBuilder
{
    private const int HistogramBins = 20;
    private const int TimeSlices = 20;

    /// <summary>The report over comparisons in hand (one baseline's): their aggregate's report.</summary>
    public static ComparisonReport Build(
        string model, string candidate, string source, string? run, IReadOnlyList<ComparisonResult> results,
        IReadOnlyDictionary<string, long> dropped, GateThresholds thresholds, DateTimeOffset now, long pending = 0,
        IReadOnlyList<ComparisonResult>? control = null, NoiseOptions? noiseOptions = null, ScoreWeights? weights = null) =>
        Build(model, candidate, [.. results.Select(r => r.PrimaryVersion).Distinct().Order(StringComparer.Ordinal)], source, run, ReportAggregate.Of(results),
            dropped, thresholds, now, pending, control is null ? null : ReportAggregate.Of(control), noiseOptions, weights);

    /// <summary>
    /// The report over an aggregate of one candidate's comparisons against <paramref name="baselines"/> (one, from the
    /// store). With <paramref name="control"/> (the control's comparisons against the same baseline) it has a noise
    /// floor, and the gate judges the agreement above the noise; null when the model has no control. Counts, rates,
    /// means and correlations are exact; percentiles are read from 1 % bins (within half a percent).
    /// </summary>
    public static ComparisonReport Build(
        string model, string candidate, IReadOnlyList<string> baselines, string source, string? run, ReportAggregate results,
        IReadOnlyDictionary<string, long> dropped, GateThresholds thresholds, DateTimeOffset now, long pending = 0,
        ReportAggregate? control = null, NoiseOptions? noiseOptions = null, ScoreWeights? weights = null)
    {
        var agreement = results.Rows == 0 ? (double?)null : results.AgreeingRows / (double)results.Rows;
        var latency = Latency(results);
        var failedCount = results.Failed.Values.Sum();
        var noise = control is null ? null : NoiseFloor.Build(results, control, agreement, noiseOptions ?? new NoiseOptions(), thresholds.Confidence);
        var judged = noise?.AgreementAboveNoise is { } aboveNoise ? (aboveNoise, "agreement above noise") : (agreement, "agreement");
        List<ScoreSummary> scores = [.. FieldsOf(results, FieldKind.Score).Select(Score)];
        List<VectorSummary> vectors = [.. FieldsOf(results, FieldKind.Vector).Select(Vector)];
        var numbers = scores.Select(s => s.WithinTolerance).Concat(vectors.Select(v => v.WithinTolerance)).ToList();
        var latencyTest = results.ShadowLatency.Count == 0 ? null
            : ReleaseStatistics.RankTest.Compare(Counted(results.PrimaryLatency), Counted(results.ShadowLatency));

        return new ComparisonReport
        {
            Model = model,
            Candidate = candidate,
            Baselines = baselines,
            Source = source,
            Run = run,
            GeneratedAt = now,
            Counts = new ReportCounts(results.Comparisons + dropped.Values.Sum() + pending, results.Compared, dropped,
                new Dictionary<string, long>(results.Failed, StringComparer.Ordinal), pending),
            Samples = results.Rows,
            Agreement = agreement,
            Noise = noise,
            Labels = [.. FieldsOf(results, FieldKind.Label).Select(Label)],
            Scores = scores,
            Vectors = vectors,
            Latency = latency,
            OverTime = OverTime(results),
            TopDisagreements = [.. results.Worst.Select(w => new Disagreement(w.RequestId, w.Time, w.Row, w.Fields, w.Input))],
            Verdict = GatePolicy.Evaluate(candidate, new GateEvidence(results.Rows, judged.Item1, judged.Item2, latency.P99Ratio, results.Compared, failedCount,
                latencyTest, latency.PrimaryP50 is > 0 && latency.ShadowP50 is { } s50 ? s50 / latency.PrimaryP50.Value : null,
                noise?.WithinToleranceAboveNoise ?? (numbers.Count == 0 ? null : numbers.Average()),
                noise?.Agreement is null ? null : [.. noise.Fields.Where(f => f.PastNoise).Select(f => f.Field)]), thresholds, weights),
        };
    }

    // A row agrees when all its labels agree; a model without labels agrees when every field does.
    /// <summary>Whether a compared row agrees: all its labels do, or, for a model without labels, every field does.</summary>
    public static bool RowAgrees(List<FieldComparison> fields)
    {
        var labels = fields.Where(f => f.Kind == FieldKind.Label).ToList();
        return (labels.Count > 0 ? labels : fields).All(f => f.Agree);
    }

    private static IEnumerable<FieldAggregate> FieldsOf(ReportAggregate results, FieldKind kind) =>
        results.Fields.Values.Where(f => f.Kind == kind && f.Values > 0).OrderBy(f => f.Field, StringComparer.Ordinal);

    private static LabelSummary Label(FieldAggregate field) => new(
        field.Field,
        field.Values,
        field.Agree / (double)field.Values,
        field.Confusion.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(
            p => p.Key,
            p => (IReadOnlyDictionary<string, long>)p.Value.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal),
            StringComparer.Ordinal));

    private static ScoreSummary Score(FieldAggregate field) => new(
        field.Field,
        field.Values,
        field.Agree / (double)field.Values,
        field.SumAbsolute / field.Values,
        LogBins.Percentile(field.AbsoluteBins, 0.50, field.MaxAbsolute),
        LogBins.Percentile(field.AbsoluteBins, 0.99, field.MaxAbsolute),
        field.MaxAbsolute,
        field.SumRelative / field.Values,
        field.Correlation(),
        HistogramOf(field));

    private static VectorSummary Vector(FieldAggregate field) => new(
        field.Field,
        field.Values,
        field.Agree / (double)field.Values,
        field.SumCosine / field.Values,
        field.MinCosine);

    // A rank test needs only the order: each bin's index stands for its values.
    private static IEnumerable<(double Value, long Count)> Counted(Dictionary<int, long> bins) => bins.Select(b => ((double)b.Key, b.Value));

    private static LatencySummary Latency(ReportAggregate results)
    {
        double? P(Dictionary<int, long> bins, double q, double max) => bins.Count == 0 ? null : LogBins.Percentile(bins, q, max);
        var (p99, s99) = (P(results.PrimaryLatency, 0.99, results.MaxPrimaryLatency), P(results.ShadowLatency, 0.99, results.MaxShadowLatency));
        return new LatencySummary(P(results.PrimaryLatency, 0.50, results.MaxPrimaryLatency), p99, P(results.ShadowLatency, 0.50, results.MaxShadowLatency), s99,
            p99 is > 0 && s99 is { } s ? s / p99.Value : null);
    }

    // Twenty slices from the first minute with rows to the last, each at least a minute.
    private static List<TimeSlice> OverTime(ReportAggregate results)
    {
        if (results.Minutes.Count == 0)
        {
            return [];
        }

        var (first, last) = (results.Minutes.Keys.Min(), results.Minutes.Keys.Max());
        var width = Math.Max(1, (last - first + TimeSlices) / TimeSlices);
        return [.. results.Minutes
            .GroupBy(m => (m.Key - first) / width)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var (rows, agreeing) = (g.Sum(m => m.Value[0]), g.Sum(m => m.Value[1]));
                return new TimeSlice(DateTimeOffset.FromUnixTimeSeconds((first + (g.Key * width)) * 60), rows, rows == 0 ? null : agreeing / (double)rows);
            })];
    }

    // Equal-width bins from 0 to the largest difference, filled from the 1 % bins.
    private static Histogram HistogramOf(FieldAggregate field)
    {
        var max = field.MaxAbsolute;
        if (max <= 0)
        {
            return new Histogram([0, 0], [field.Values]);
        }

        var counts = new long[HistogramBins];
        foreach (var (index, count) in field.AbsoluteBins)
        {
            counts[Math.Min(HistogramBins - 1, (int)(Math.Min(LogBins.Value(index), max) / max * HistogramBins))] += count;
        }

        return new Histogram([.. Enumerable.Range(0, HistogramBins + 1).Select(i => max * i / HistogramBins)], counts);
    }
}
