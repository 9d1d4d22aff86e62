using ReleaseStatistics;

namespace ShadowCompare.Gate;

/// <summary>What a report hands the gate: the figures, and the latency rank test.</summary>
/// <param name="Samples">Compared rows.</param>
/// <param name="Agreement">The agreement judged: plain, or above the noise floor.</param>
/// <param name="AgreementName">Which it is, for the verdict's reason.</param>
/// <param name="P99Ratio">Candidate p99 over primary p99.</param>
/// <param name="Compared">Comparisons made.</param>
/// <param name="Failed">Comparisons that failed.</param>
/// <param name="Latency">The rank test of candidate latencies against the primary's; null without latencies.</param>
/// <param name="MedianRatio">Candidate median latency over the primary's.</param>
/// <param name="WithinTolerance">
/// The mean share of score and vector values within tolerance (above the noise floor when there is one); null when
/// the model has none.
/// </param>
/// <param name="PastNoise">The fields whose difference is past the noise; null without a noise floor.</param>
internal sealed record GateEvidence(
    long Samples, double? Agreement, string AgreementName, double? P99Ratio, long Compared, long Failed, RankTestResult? Latency, double? MedianRatio,
    double? WithinTolerance = null, IReadOnlyList<string>? PastNoise = null);
