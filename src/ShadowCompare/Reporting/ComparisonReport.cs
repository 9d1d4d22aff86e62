using System.Text.Json.Serialization;

namespace ShadowCompare.Reporting;

/// <summary>
/// A comparison report: what was compared, how often the two answers agreed, by how much scores differ, latency side
/// by side, the worst disagreements, and the gate's verdict. Its JSON form is <c>schemas/shadowcompare/v1/report.schema.json</c>.
/// </summary>
internal sealed record ComparisonReport
{
    [JsonPropertyName("model")] public required string Model { get; init; }

    [JsonPropertyName("candidate")] public required string Candidate { get; init; }

    /// <summary>The primary version every figure is against: one, since results against different primaries are never pooled.</summary>
    [JsonPropertyName("baselines")] public required IReadOnlyList<string> Baselines { get; init; }

    /// <summary>The other primary versions this candidate was compared with, each with its own report (<c>baseline=</c>).</summary>
    [JsonPropertyName("other_baselines")] public IReadOnlyList<BaselineCount> OtherBaselines { get; init; } = [];

    [JsonPropertyName("source")] public required string Source { get; init; }

    [JsonPropertyName("run")] public string? Run { get; init; }

    [JsonPropertyName("generated_at")] public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>What the manifests say of the candidate and each baseline; empty when no model store is configured.</summary>
    [JsonPropertyName("versions")] public IReadOnlyList<VersionFacts> Versions { get; init; } = [];

    [JsonPropertyName("counts")] public required ReportCounts Counts { get; init; }

    /// <summary>Prediction rows compared (a request may hold several).</summary>
    [JsonPropertyName("samples")] public required long Samples { get; init; }

    /// <summary>The share of rows on which every label (or, without labels, every field) agreed.</summary>
    [JsonPropertyName("agreement")] public double? Agreement { get; init; }

    /// <summary>The primary's differences with its control, and the candidate's above them; null without a control.</summary>
    [JsonPropertyName("noise")] public NoiseReport? Noise { get; init; }

    [JsonPropertyName("labels")] public required IReadOnlyList<LabelSummary> Labels { get; init; }

    [JsonPropertyName("scores")] public required IReadOnlyList<ScoreSummary> Scores { get; init; }

    [JsonPropertyName("vectors")] public required IReadOnlyList<VectorSummary> Vectors { get; init; }

    [JsonPropertyName("latency")] public required LatencySummary Latency { get; init; }

    [JsonPropertyName("over_time")] public required IReadOnlyList<TimeSlice> OverTime { get; init; }

    [JsonPropertyName("top_disagreements")] public required IReadOnlyList<Disagreement> TopDisagreements { get; init; }

    /// <summary>How the baseline's live inputs compare with its reference (its manifest's); null offline, or without a reference or live inputs.</summary>
    [JsonPropertyName("drift")] public Drift.DriftReport? Drift { get; init; }

    [JsonPropertyName("verdict")] public required Verdict Verdict { get; init; }
}

/// <summary>The noise floor: what the control shows of the primary's differences with itself, and each field judged against it.</summary>
/// <param name="Rows">Control rows compared (primary and control the same version).</param>
/// <param name="Agreement">The control's agreement with the primary; null under the minimum rows.</param>
/// <param name="AgreementAboveNoise">The candidate's agreement with the noise's disagreement (its lower confidence bound) forgiven, at most 1; what the gate judges.</param>
/// <param name="Fields">Each field's difference rate, candidate and noise, and whether it is past the noise.</param>
internal sealed record NoiseReport(
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("agreement")] double? Agreement,
    [property: JsonPropertyName("agreement_above_noise")] double? AgreementAboveNoise,
    [property: JsonPropertyName("fields")] IReadOnlyList<NoiseField> Fields)
{
    /// <summary>The mean share of score and vector values within tolerance, forgiving the control's own share outside it; null without such fields or enough control rows.</summary>
    [JsonPropertyName("within_tolerance_above_noise")]
    public double? WithinToleranceAboveNoise { get; init; }
}

/// <summary>One field against the noise: label disagreement rate, score mean |difference| or vector 1 − cosine.</summary>
internal sealed record NoiseField(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("candidate")] double Candidate,
    [property: JsonPropertyName("noise")] double Noise,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("past_noise")] bool PastNoise);

/// <summary>A primary version a candidate was compared with, and how many comparisons there are against it.</summary>
internal sealed record BaselineCount(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("comparisons")] long Comparisons);

/// <summary>How the records reconcile: mirrored = compared + dropped + failed + pending (still waiting to be compared).</summary>
internal sealed record ReportCounts(
    [property: JsonPropertyName("mirrored")] long Mirrored,
    [property: JsonPropertyName("compared")] long Compared,
    [property: JsonPropertyName("dropped")] IReadOnlyDictionary<string, long> Dropped,
    [property: JsonPropertyName("failed")] IReadOnlyDictionary<string, long> Failed,
    [property: JsonPropertyName("pending")] long Pending = 0);

/// <summary>A label field: agreement, the confusion matrix (primary label → shadow label → rows).</summary>
internal sealed record LabelSummary(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("agreement")] double Agreement,
    [property: JsonPropertyName("confusion")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Confusion);

/// <summary>A score field: the distribution of |shadow − primary|, relative difference, correlation, and a histogram.</summary>
internal sealed record ScoreSummary(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("within_tolerance")] double WithinTolerance,
    [property: JsonPropertyName("mean_abs_diff")] double MeanAbsoluteDifference,
    [property: JsonPropertyName("p50_abs_diff")] double P50AbsoluteDifference,
    [property: JsonPropertyName("p99_abs_diff")] double P99AbsoluteDifference,
    [property: JsonPropertyName("max_abs_diff")] double MaxAbsoluteDifference,
    [property: JsonPropertyName("mean_rel_diff")] double MeanRelativeDifference,
    [property: JsonPropertyName("correlation")] double? Correlation,
    [property: JsonPropertyName("histogram")] Histogram Histogram);

/// <summary>Counts of values in equal-width bins from <c>edges[i]</c> to <c>edges[i+1]</c> (the last bin includes its upper edge).</summary>
internal sealed record Histogram(
    [property: JsonPropertyName("edges")] IReadOnlyList<double> Edges,
    [property: JsonPropertyName("counts")] IReadOnlyList<long> Counts);

/// <summary>A vector field: cosine similarity between the two answers.</summary>
internal sealed record VectorSummary(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("within_tolerance")] double WithinTolerance,
    [property: JsonPropertyName("mean_cosine")] double MeanCosine,
    [property: JsonPropertyName("min_cosine")] double MinCosine);

/// <summary>Latency of the compared requests, primary (or baseline) against shadow (or candidate).</summary>
internal sealed record LatencySummary(
    [property: JsonPropertyName("primary_p50_ms")] double? PrimaryP50,
    [property: JsonPropertyName("primary_p99_ms")] double? PrimaryP99,
    [property: JsonPropertyName("shadow_p50_ms")] double? ShadowP50,
    [property: JsonPropertyName("shadow_p99_ms")] double? ShadowP99,
    [property: JsonPropertyName("p99_ratio")] double? P99Ratio);

/// <summary>Agreement over one slice of the report's time range.</summary>
internal sealed record TimeSlice(
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("agreement")] double? Agreement);

/// <summary>A row on which the two answers differ most, with its input.</summary>
internal sealed record Disagreement(
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("row")] int Row,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, FieldPair> Fields,
    [property: JsonPropertyName("input")] System.Text.Json.JsonElement Input);

/// <summary>A field's value in both answers, as JSON text.</summary>
internal sealed record FieldPair(
    [property: JsonPropertyName("primary")] string Primary,
    [property: JsonPropertyName("shadow")] string Shadow);

/// <summary>The gate's decision over the report, with the thresholds it used and a one-line reason.</summary>
internal sealed record Verdict(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("thresholds")] Gate.GateThresholds Thresholds,
    [property: JsonPropertyName("release_score")] Gate.ReleaseScore? ReleaseScore = null)
{
    /// <summary>The release score, 0 to 100; what the gateway's promotion records.</summary>
    [JsonPropertyName("score")] public double? Score => ReleaseScore?.Score;
}
