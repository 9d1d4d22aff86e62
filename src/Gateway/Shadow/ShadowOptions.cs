using Settings;

namespace Gateway.Shadow;

/// <summary>How answered requests are mirrored to ShadowCompare (<c>Gateway:Shadow</c>). What share of each model's requests is mirrored is its <c>{model}.shadow</c> flag.</summary>
public sealed class ShadowOptions
{
    /// <summary>ShadowCompare's base URL; empty turns mirroring (and the promotion gate) off.</summary>
    /// <value>Empty by default.</value>
    [HttpUrl]
    public string CompareUrl { get; set; } = "";

    /// <summary>How many mirror records may wait to be sent; past it, records are dropped and counted.</summary>
    /// <value>Defaults to 10,000; 1 to 10,000,000.</value>
    [SettingRange(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// The service token this gateway presents to ShadowCompare (one of its <c>ShadowCompare:IngestTokens</c>, and of its
    /// <c>ReadTokens</c> for the promotion gate). Never logged.
    /// </summary>
    /// <value>Empty by default; required, at least 16 characters, when <see cref="CompareUrl"/> is set.</value>
    [Secret(16)]
    public string CompareToken { get; set; } = "";

    /// <summary>The most records sent in one call.</summary>
    /// <value>Defaults to 200; 1 to 10,000.</value>
    [SettingRange(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a sender waits to fill a batch, in milliseconds.</summary>
    /// <value>Defaults to 100; 0 to 60,000.</value>
    [SettingRange(0, 60_000)]
    public int FlushMilliseconds { get; set; } = 100;

    /// <summary>How long one call to ShadowCompare may take, in milliseconds; a batch that times out is dropped and counted.</summary>
    /// <value>Defaults to 2000; 1 to 600,000.</value>
    [SettingRange(1, 600_000)]
    public int TimeoutMilliseconds { get; set; } = 2000;

    /// <summary>Calls to ShadowCompare at once.</summary>
    /// <value>Defaults to 2; 1 to 64.</value>
    [SettingRange(1, 64)]
    public int MaxConcurrentSends { get; set; } = 2;
}
