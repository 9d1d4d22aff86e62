using System.Globalization;

namespace Gateway.Canary;

/// <summary>Judges a canary against stable over the same window: null while it is not worse (or not yet sampled enough), else why it is worse.</summary>
internal static class CanaryAnalysis
{
    public static string? FindRegression(TrackSnapshot stable, TrackSnapshot canary, CanaryAnalysisOptions options)
    {
        if (canary.Answered < options.MinimumRequests)
        {
            return null;
        }

        // Without enough stable traffic to compare with (a canary at 100 %, say), the baseline is no errors at all.
        var baselineSampled = stable.Answered >= options.MinimumRequests;
        var baselineErrors = baselineSampled ? stable.ErrorRate : 0;
        if (canary.ErrorRate - baselineErrors > options.MaxErrorRateIncrease)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"error rate {canary.ErrorRate:P1} over {canary.Answered} answers against stable's {baselineErrors:P1} (allowed: {options.MaxErrorRateIncrease * 100:0.##} points more)");
        }

        if (baselineSampled
            && canary.JudgedP99 > stable.JudgedP99 * options.MaxP99Ratio
            && canary.JudgedP99 - stable.JudgedP99 >= TimeSpan.FromMilliseconds(options.MinP99IncreaseMilliseconds))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"p99 latency {canary.JudgedP99.TotalMilliseconds:0.#} ms over {canary.Answered} answers against stable's {stable.JudgedP99.TotalMilliseconds:0.#} ms (allowed: {options.MaxP99Ratio:0.##}x)");
        }

        return null;
    }
}
