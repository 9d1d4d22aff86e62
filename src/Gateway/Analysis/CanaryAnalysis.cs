using System.Globalization;
using ReleaseStatistics;

namespace Gateway.Analysis;

/// <summary>
/// Judges a canary's run against stable's over the same time: null while it is not surely worse, else why it is.
/// Each test is sequential (<see cref="SequentialTest"/>): looked at every half second for hours, a canary no worse
/// than stable is rolled back by chance at most <see cref="CanaryAnalysisOptions.Alpha"/> of the time over its whole
/// run. A regression must also be large enough to matter: an error rate at least
/// <see cref="CanaryAnalysisOptions.MinErrorRateIncrease"/> above stable's, or a latency shift with an effect of
/// <see cref="CanaryAnalysisOptions.MinLatencyEffect"/> and a median <see cref="CanaryAnalysisOptions.MinLatencyIncrease"/> higher.
/// </summary>
internal static class CanaryAnalysis
{
    // The mixtures' spreads: the error-rate rise and the latency effect (superiority − 0.5) each test finds soonest.
    private const double ErrorTau = 0.05;
    private const double LatencyTau = 0.1;

    public static string? FindRegression(WindowCounts stable, WindowCounts canary, CanaryAnalysisOptions options)
    {
        if (canary.Answered < options.MinimumRequests)
        {
            return null;
        }

        // Without enough stable traffic to compare with (a canary at 100 %, say), the baseline is no errors at all.
        var baselineSampled = stable.Answered >= options.MinimumRequests;
        return Errors(baselineSampled ? stable : null, canary, options) ?? (baselineSampled ? Latency(stable, canary, options) : null);
    }

    private static string? Errors(WindowCounts? stable, WindowCounts canary, CanaryAnalysisOptions options)
    {
        var canaryRate = canary.Errors / (double)canary.Answered;
        var stableRate = stable is null ? 0 : stable.Errors / (double)stable.Answered;
        var rise = canaryRate - stableRate;
        // The variance under "no difference", from rates nudged off 0 and 1 (Agresti's half a count), so a canary of
        // all failures against a stable of none still has one.
        var variance = Variance(canary) + (stable is null ? 0 : Variance(stable));
        if (rise < options.MinErrorRateIncrease || !SequentialTest.ShowsIncrease(rise, variance, ErrorTau, options.Alpha / 2))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"error rate {canaryRate:P1} over {canary.Answered} answers against stable's {stableRate:P1}{(stable is null ? " (no stable sample: against none)" : $" over {stable.Answered}")}; sequential test p ≤ {SequentialTest.PValue(rise, variance, ErrorTau):0.####}, alpha {options.Alpha / 2:0.####}");
    }

    private static string? Latency(WindowCounts stable, WindowCounts canary, CanaryAnalysisOptions options)
    {
        var test = RankTest.Compare(Bins(stable), Bins(canary));
        var effect = test.Superiority - 0.5;
        var (stableMedian, canaryMedian) = (Median(stable), Median(canary));
        if (test.Superiority < options.MinLatencyEffect
            || canaryMedian < stableMedian * (1 + options.MinLatencyIncrease)
            || canaryMedian - stableMedian < TimeSpan.FromMilliseconds(options.MinLatencyIncreaseMilliseconds)
            || !SequentialTest.ShowsIncrease(effect, test.SuperiorityVariance, LatencyTau, options.Alpha / 2))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"median latency {canaryMedian.TotalMilliseconds:0.#} ms over {canary.Answered} answers against stable's {stableMedian.TotalMilliseconds:0.#} ms over {stable.Answered} (a canary answer slower {test.Superiority:P0} of the time); sequential test p ≤ {SequentialTest.PValue(effect, test.SuperiorityVariance, LatencyTau):0.####}, alpha {options.Alpha / 2:0.####}");
    }

    private static double Variance(WindowCounts track)
    {
        var rate = (track.Errors + 0.5) / (track.Answered + 1.0);
        return rate * (1 - rate) / track.Answered;
    }

    // A rank test needs only the order: each bin's index stands for its latencies.
    private static IEnumerable<(double Value, long Count)> Bins(WindowCounts track) => track.Latency.Select(b => ((double)b.Key, b.Value));

    private static TimeSpan Median(WindowCounts track) => track.ToSnapshot().P50;
}
