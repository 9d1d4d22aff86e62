using Settings;

namespace ModelHost.Batching;

/// <summary>How one model's requests are scheduled: coalesced into batches, or run concurrently under a cap.</summary>
public sealed class BatchingOptions
{
    /// <summary>Whether requests to a model with a variable first dimension are coalesced into batches.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The most rows (first-dimension entries) one batch holds.</summary>
    /// <value>Defaults to 64; 1 to 4096.</value>
    [SettingRange(1, 4096)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>How long the first request of a batch waits for others, in microseconds.</summary>
    /// <value>Defaults to 0: a batch takes what queued while the previous one ran (measured in docs/measurements/performance-history.md); 0 to 1,000,000.</value>
    [SettingRange(0, 1_000_000)]
    public int MaxQueueDelayMicroseconds { get; set; }

    /// <summary>The most requests waiting for a model; past it a request gets 503.</summary>
    /// <value>Defaults to 1024; 1 to 1,000,000.</value>
    [SettingRange(1, 1_000_000)]
    public int MaxQueueSize { get; set; } = 1024;

    /// <summary>The most batches, or unbatched runs, of one model executing at once.</summary>
    /// <value>Defaults to the number of processors; 1 to 256.</value>
    [SettingRange(1, 256)]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;
}
