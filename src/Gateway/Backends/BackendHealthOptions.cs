using Settings;

namespace Gateway.Backends;

/// <summary>When a backend is taken out of rotation for failing calls (<c>Gateway:BackendHealth</c>), by the <c>FailureRate</c> passive health policy.</summary>
public sealed class BackendHealthOptions
{
    /// <summary>The share of failed calls (5xx, timeouts, transport failures) at which a backend is taken out.</summary>
    /// <value>Defaults to 0.3; above 0, at most 1.</value>
    [SettingRange(0, 1, MinimumIsExclusive = true)]
    public double FailureRateLimit { get; set; } = 0.3;

    /// <summary>The fewest calls in the window before a backend can be taken out.</summary>
    /// <value>Defaults to 10; 1 to 1,000,000.</value>
    [SettingRange(1, 1_000_000)]
    public int MinimumRequests { get; set; } = 10;

    /// <summary>The sliding window the failure rate is measured over, in seconds.</summary>
    /// <value>Defaults to 10; 1 to 3600.</value>
    [SettingRange(1, 3600)]
    public int WindowSeconds { get; set; } = 10;
}
