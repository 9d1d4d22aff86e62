namespace Gateway.Canary;

/// <summary>When a canary is judged worse than stable and set to 0 % (<c>Gateway:Canary:Analysis</c>).</summary>
public sealed class CanaryAnalysisOptions
{
    /// <summary>Whether the analysis runs and may roll canaries back.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The sliding window the analysis, <c>GET /admin/models</c> and the realised share look at, in seconds.</summary>
    /// <value>Defaults to 60; 5 to 3600.</value>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>How often the analysis runs, in milliseconds.</summary>
    /// <value>Defaults to 500; 50 to 60,000.</value>
    public int IntervalMilliseconds { get; set; } = 500;

    /// <summary>
    /// How many calls of one caller (an API key, a trusted key's end user, a client address) count in a model's track
    /// windows per window length; 0 counts every call. At 1, no caller has more than two calls in any window, as many
    /// as the judged p99 passes over, and two errors in the fewest answers judged (50) are 4 %, under the error rate
    /// allowed: one caller cannot force a rollback. The analysis then needs that many distinct callers on the canary.
    /// </summary>
    /// <value>Defaults to 1; 0 to 1,000,000.</value>
    public int MaxCallsPerCaller { get; set; } = 1;

    /// <summary>The fewest backend answers the canary needs in the window before it is judged.</summary>
    /// <value>Defaults to 50; 1 to 1,000,000.</value>
    public int MinimumRequests { get; set; } = 50;

    /// <summary>How far the canary's error rate may exceed stable's (a fraction: 0.05 is five percentage points).</summary>
    /// <value>Defaults to 0.05; 0 to 1.</value>
    public double MaxErrorRateIncrease { get; set; } = 0.05;

    /// <summary>How many times stable's p99 latency the canary's may reach.</summary>
    /// <value>Defaults to 2; 1 to 1000.</value>
    public double MaxP99Ratio { get; set; } = 2;

    /// <summary>A p99 difference below this is never a regression, however large the ratio (sub-millisecond noise).</summary>
    /// <value>Defaults to 50 ms; 0 to 600,000.</value>
    public int MinP99IncreaseMilliseconds { get; set; } = 50;
}
