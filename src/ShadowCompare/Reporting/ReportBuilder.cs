using System.Globalization;
using System.Text.Json;
using ShadowCompare.Comparison;
using ShadowCompare.Gate;
using ShadowCompare.Storage;

namespace ShadowCompare.Reporting;

/// <summary>Computes a <see cref="ComparisonReport"/> from stored comparisons: every figure is over the compared rows of one candidate version.</summary>
internal static class ReportBuilder
{
    private const int HistogramBins = 20;
    private const int TimeSlices = 20;
    private const int TopDisagreements = 10;

    /// <summary>
    /// The report over <c>results</c>. With <c>control</c> (the control's comparisons against the same baseline) it has a
    /// noise floor, and the gate judges the agreement above the noise; null when the model has no control.
    /// </summary>
    public static ComparisonReport Build(
        string model, string candidate, string source, string? run, IReadOnlyList<ComparisonResult> results,
        IReadOnlyDictionary<string, long> dropped, GateThresholds thresholds, DateTimeOffset now, long pending = 0,
        IReadOnlyList<ComparisonResult>? control = null, NoiseOptions? noiseOptions = null, ScoreWeights? weights = null)
    {
        var compared = results.Where(r => r.Status == Outcomes.Compared).ToList();
        var failed = results.Where(r => r.Status == Outcomes.Failed).GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => (long)g.LongCount(), StringComparer.Ordinal);
        var rows = compared.SelectMany(r => r.Fields.GroupBy(f => f.Row).Select(g => (Result: r, Row: g.Key, Fields: g.ToList()))).ToList();
        var agreement = rows.Count == 0 ? (double?)null : rows.Count(r => RowAgrees(r.Fields)) / (double)rows.Count;
        var latency = Latency(compared);
        var failedCount = failed.Values.Sum();
        var noise = control is null ? null : NoiseFloor.Build(
            [.. rows.Select(r => r.Fields)],
            [.. control.Where(r => r.Status == Outcomes.Compared).SelectMany(r => r.Fields.GroupBy(f => f.Row).Select(g => g.ToList()))],
            agreement, noiseOptions ?? new NoiseOptions(), thresholds.Confidence);
        var judged = noise?.AgreementAboveNoise is { } aboveNoise ? (aboveNoise, "agreement above noise") : (agreement, "agreement");
        List<ScoreSummary> scores = [.. FieldsOf(compared, FieldKind.Score).Select(Score)];
        List<VectorSummary> vectors = [.. FieldsOf(compared, FieldKind.Vector).Select(Vector)];
        var numbers = scores.Select(s => s.WithinTolerance).Concat(vectors.Select(v => v.WithinTolerance)).ToList();

        return new ComparisonReport
        {
            Model = model,
            Candidate = candidate,
            Baselines = [.. results.Select(r => r.PrimaryVersion).Distinct().Order(StringComparer.Ordinal)],
            Source = source,
            Run = run,
            GeneratedAt = now,
            Counts = new ReportCounts(results.Count + dropped.Values.Sum() + pending, compared.Count, dropped, failed, pending),
            Samples = rows.Count,
            Agreement = agreement,
            Noise = noise,
            Labels = [.. FieldsOf(compared, FieldKind.Label).Select(Label)],
            Scores = scores,
            Vectors = vectors,
            Latency = latency,
            OverTime = OverTime(rows),
            TopDisagreements = Worst(rows),
            Verdict = GatePolicy.Evaluate(candidate, new GateEvidence(rows.Count, judged.Item1, judged.Item2, latency.P99Ratio, compared.Count, failedCount,
                LatencyTest(compared), latency.PrimaryP50 is > 0 && latency.ShadowP50 is { } s50 ? s50 / latency.PrimaryP50.Value : null,
                numbers.Count == 0 ? null : numbers.Average()), thresholds, weights),
        };
    }

    // A row agrees when all its labels agree; a model without labels agrees when every field does.
    /// <summary>Whether a compared row agrees: all its labels do, or, for a model without labels, every field does.</summary>
    public static bool RowAgrees(List<FieldComparison> fields)
    {
        var labels = fields.Where(f => f.Kind == FieldKind.Label).ToList();
        return (labels.Count > 0 ? labels : fields).All(f => f.Agree);
    }

    private static IEnumerable<(string Field, List<FieldComparison> Values)> FieldsOf(List<ComparisonResult> compared, FieldKind kind) =>
        compared.SelectMany(r => r.Fields).Where(f => f.Kind == kind).GroupBy(f => f.Field).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList()));

    private static LabelSummary Label((string Field, List<FieldComparison> Values) field)
    {
        var confusion = field.Values.GroupBy(v => v.Primary).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, long>)g.GroupBy(v => v.Shadow).OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.LongCount(), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new LabelSummary(field.Field, field.Values.Count, field.Values.Count(v => v.Agree) / (double)field.Values.Count, confusion);
    }

    private static ScoreSummary Score((string Field, List<FieldComparison> Values) field)
    {
        var differences = field.Values.Select(v => v.AbsoluteDifference ?? 0).Order().ToList();
        var primary = field.Values.Select(v => Number(v.Primary)).ToList();
        var shadow = field.Values.Select(v => Number(v.Shadow)).ToList();
        return new ScoreSummary(
            field.Field,
            field.Values.Count,
            field.Values.Count(v => v.Agree) / (double)field.Values.Count,
            differences.Average(),
            Percentile(differences, 0.50),
            Percentile(differences, 0.99),
            differences[^1],
            field.Values.Average(v => v.RelativeDifference ?? 0),
            Correlation(primary, shadow),
            HistogramOf(differences));
    }

    private static VectorSummary Vector((string Field, List<FieldComparison> Values) field) => new(
        field.Field,
        field.Values.Count,
        field.Values.Count(v => v.Agree) / (double)field.Values.Count,
        field.Values.Average(v => v.Cosine ?? 0),
        field.Values.Min(v => v.Cosine ?? 0));

    // The candidate's latencies against the primary's, by ranks (each comparison's two latencies).
    private static ReleaseStatistics.RankTestResult? LatencyTest(List<ComparisonResult> compared)
    {
        var shadow = compared.Where(r => r.ShadowLatencyMilliseconds is not null).Select(r => r.ShadowLatencyMilliseconds!.Value).ToList();
        return shadow.Count == 0 ? null : ReleaseStatistics.RankTest.Compare(compared.Select(r => r.PrimaryLatencyMilliseconds), shadow);
    }

    private static LatencySummary Latency(List<ComparisonResult> compared)
    {
        var primary = compared.Select(r => r.PrimaryLatencyMilliseconds).Order().ToList();
        var shadow = compared.Where(r => r.ShadowLatencyMilliseconds is not null).Select(r => r.ShadowLatencyMilliseconds!.Value).Order().ToList();
        double? P(List<double> values, double q) => values.Count == 0 ? null : Percentile(values, q);
        var (p99, s99) = (P(primary, 0.99), P(shadow, 0.99));
        return new LatencySummary(P(primary, 0.50), p99, P(shadow, 0.50), s99, p99 is > 0 && s99 is { } s ? s / p99.Value : null);
    }

    private static List<TimeSlice> OverTime(List<(ComparisonResult Result, int Row, List<FieldComparison> Fields)> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var start = rows.Min(r => r.Result.Time);
        var span = rows.Max(r => r.Result.Time) - start;
        var width = span <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : span / TimeSlices;
        return [.. rows
            .GroupBy(r => Math.Min(TimeSlices - 1, (int)((r.Result.Time - start) / width)))
            .OrderBy(g => g.Key)
            .Select(g => new TimeSlice(start + (width * g.Key), g.LongCount(), g.Count(r => RowAgrees(r.Fields)) / (double)g.Count()))];
    }

    // Label flips first, then the largest score difference, then the lowest cosine.
    private static List<Disagreement> Worst(List<(ComparisonResult Result, int Row, List<FieldComparison> Fields)> rows) =>
        [.. rows
            .Where(r => r.Fields.Any(f => !f.Agree))
            .OrderByDescending(r => r.Fields.Count(f => f.Kind == FieldKind.Label && !f.Agree))
            .ThenByDescending(r => r.Fields.Max(f => f.AbsoluteDifference ?? 0))
            .ThenBy(r => r.Fields.Min(f => f.Cosine ?? 1))
            .Take(TopDisagreements)
            .Select(r => new Disagreement(
                r.Result.RequestId, r.Result.Time, r.Row,
                r.Fields.ToDictionary(f => f.Field, f => new FieldPair(f.Primary, f.Shadow), StringComparer.Ordinal),
                InputRow(r.Result.Input, r.Row)))];

    private static JsonElement InputRow(string input, int row)
    {
        var root = JsonSerializer.Deserialize<JsonElement>(input);
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("instances", out var instances)
            && instances.ValueKind == JsonValueKind.Array && row < instances.GetArrayLength()
            ? instances[row]
            : root;
    }

    private static Histogram HistogramOf(List<double> sorted)
    {
        var max = sorted[^1];
        if (max <= 0)
        {
            return new Histogram([0, 0], [sorted.Count]);
        }

        var counts = new long[HistogramBins];
        foreach (var value in sorted)
        {
            counts[Math.Min(HistogramBins - 1, (int)(value / max * HistogramBins))]++;
        }

        return new Histogram([.. Enumerable.Range(0, HistogramBins + 1).Select(i => max * i / HistogramBins)], counts);
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double? Correlation(List<double> x, List<double> y)
    {
        if (x.Count < 2)
        {
            return null;
        }

        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    private static double Number(string json) => double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture);
}
