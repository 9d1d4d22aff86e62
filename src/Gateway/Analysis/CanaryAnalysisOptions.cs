using Settings;

namespace Gateway.Analysis;

/// <summary>When a canary is judged worse than stable and set to 0 % (<c>Gateway:Canary:Analysis</c>).</summary>
public sealed class CanaryAnalysisOptions
{
    /// <summary>Whether the analysis runs and may roll canaries back.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The sliding window <c>GET /admin/models</c> and the realised share look at, and per which one caller's calls are capped, in seconds.</summary>
    /// <value>Defaults to 60; 5 to 3600.</value>
    [SettingRange(5, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>How often the analysis runs, in milliseconds.</summary>
    /// <value>Defaults to 500; 50 to 60,000.</value>
    [SettingRange(50, 60_000)]
    public int IntervalMilliseconds { get; set; } = 500;

    /// <summary>
    /// How many calls of one caller (an API key, a trusted key's end user, a client address) count in a model's track
    /// windows and runs per window length; 0 counts every call. One caller then weighs little in the run the
    /// analysis judges: it cannot fill it with failures or slow calls and force a rollback.
    /// </summary>
    /// <value>Defaults to 1; 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public int MaxCallsPerCaller { get; set; } = 1;

    /// <summary>
    /// How many calls of one caller count in a run, however long it lasts (with <see cref="MaxCallsPerCaller"/> set):
    /// a caller with a sticky canary identity cannot add one failure a window for hours until the tests are sure.
    /// </summary>
    /// <value>Defaults to 10; 0 for no cap; at most 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public int MaxCallsPerCallerPerRun { get; set; } = 10;

    /// <summary>The fewest canary backend answers in the run before it is judged.</summary>
    /// <value>Defaults to 50; 1 to 1,000,000.</value>
    [SettingRange(1, 1_000_000)]
    public int MinimumRequests { get; set; } = 50;

    /// <summary>
    /// The chance, at most, that a canary no worse than stable is ever rolled back by chance over its whole run,
    /// however long it runs and however often it is judged; split evenly between the error and the latency test.
    /// </summary>
    /// <value>Defaults to 0.05; 0.000000001 to 0.5.</value>
    [SettingRange(1e-9, 0.5)]
    public double Alpha { get; set; } = 0.05;

    /// <summary>The smallest rise of the error rate over stable's worth a rollback (a fraction: 0.01 is one percentage point).</summary>
    /// <value>Defaults to 0.01; 0 to 1.</value>
    [SettingRange(0, 1)]
    public double MinErrorRateIncrease { get; set; } = 0.01;

    /// <summary>The smallest rise of the median latency over stable's worth a rollback (a fraction: 0.1 is 10 % slower).</summary>
    /// <value>Defaults to 0.1; 0 to 100.</value>
    [SettingRange(0, 100)]
    public double MinLatencyIncrease { get; set; } = 0.1;

    /// <summary>
    /// The smallest latency effect worth a rollback: the chance that a canary answer is slower than a stable one
    /// (0.5 is no difference; 0.56 a small effect by Vargha and Delaney's rule of thumb).
    /// </summary>
    /// <value>Defaults to 0.56; 0.5 to 1.</value>
    [SettingRange(0.5, 1)]
    public double MinLatencyEffect { get; set; } = 0.56;

    /// <summary>A median rise below this is never a regression, however large in proportion (sub-millisecond noise).</summary>
    /// <value>Defaults to 1 ms; 0 to 600,000.</value>
    [SettingRange(0, 600_000)]
    public int MinLatencyIncreaseMilliseconds { get; set; } = 1;
}
