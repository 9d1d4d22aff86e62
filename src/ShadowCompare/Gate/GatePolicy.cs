using System.Globalization;
using ReleaseStatistics;
using ShadowCompare.Reporting;

namespace ShadowCompare.Gate;

/// <summary>
/// Decides whether a candidate may be promoted, with statistics rather than point figures: enough samples; agreement
/// whose lower confidence bound (Wilson) reaches the minimum; failures whose upper bound stays within the maximum; no
/// latency regression by a one-sided Mann–Whitney test that is also large enough to matter (effect size and median
/// rise); with a noise floor, no field past the noise; the p99 ratio as a cap on the tail; and the
/// <see cref="ReleaseScore"/> at least its minimum.
/// </summary>
internal static class GatePolicy
{
    public static Verdict Evaluate(string candidate, GateEvidence evidence, GateThresholds thresholds, ScoreWeights? weights = null)
    {
        var failures = new List<string>();
        var facts = new List<string>();
        var confidence = thresholds.Confidence;
        Check(evidence.Samples >= thresholds.MinSamples, $"{evidence.Samples} samples", "<", ">=", thresholds.MinSamples.ToString(CultureInfo.InvariantCulture));

        // An agreement computed over rows is a share of them: its bound is the Wilson bound of that many agreeing rows.
        var agreementLower = evidence.Agreement is { } a ? Proportion.Wilson((long)Math.Round(a * evidence.Samples), evidence.Samples, confidence).Lower : (double?)null;
        Check(agreementLower >= thresholds.MinAgreement, $"{evidence.AgreementName} {Format(evidence.Agreement)} (lower bound {Format(agreementLower)})", "<", ">=",
            Format(thresholds.MinAgreement));

        var attempts = evidence.Compared + evidence.Failed;
        var failureRate = attempts == 0 ? 0 : (double)evidence.Failed / attempts;
        var failureUpper = attempts == 0 ? 0 : Proportion.Wilson(evidence.Failed, attempts, confidence).Upper;
        Check(failureUpper <= thresholds.MaxFailureRate, $"failure rate {Format(failureRate)} (upper bound {Format(failureUpper)})", ">", "<=", Format(thresholds.MaxFailureRate));

        var regression = false;
        if (evidence.Latency is { } rank)
        {
            regression = rank.PValue < 1 - confidence && rank.Superiority >= thresholds.MinLatencyEffect
                && evidence.MedianRatio >= 1 + thresholds.MinLatencyIncrease;
            var what = string.Create(CultureInfo.InvariantCulture,
                $"latency shift p={rank.PValue:0.####}, effect {rank.Superiority:0.###}, median x{evidence.MedianRatio:0.###}");
            if (regression)
            {
                failures.Add($"latency regression ({what})");
            }
            else
            {
                facts.Add($"no latency regression ({what})");
            }
        }

        if (evidence.PastNoise is { } pastNoise && thresholds.FailPastNoise)
        {
            if (pastNoise.Count == 0)
            {
                facts.Add("no field past the noise");
            }
            else
            {
                failures.Add($"past the noise: {string.Join(", ", pastNoise)}");
            }
        }

        Check(evidence.P99Ratio is null || evidence.P99Ratio <= thresholds.MaxP99Ratio, $"p99 ratio {Format(evidence.P99Ratio)}", ">", "<=", Format(thresholds.MaxP99Ratio));

        var score = ReleaseScore.Compute(evidence, regression, weights ?? new ScoreWeights());
        Check(score.Score >= thresholds.MinScore, $"release score {Format(score.Score)}", "<", ">=", Format(thresholds.MinScore));

        var passed = failures.Count == 0;
        var reason = passed
            ? $"PASS {candidate}: {string.Join(", ", facts)}"
            : $"FAIL {candidate}: {string.Join(", ", failures)}";
        return new Verdict(passed, reason, thresholds, score);

        void Check(bool ok, string what, string failing, string passing, string limit)
        {
            if (ok)
            {
                facts.Add($"{what} {passing} {limit}");
            }
            else
            {
                failures.Add($"{what} {failing} {limit}".Replace("< ", "below ", StringComparison.Ordinal).Replace("> ", "above ", StringComparison.Ordinal));
            }
        }
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
}
