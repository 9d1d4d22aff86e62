using Settings;

namespace Gateway.Jobs;

/// <summary>Asynchronous batch jobs (<c>Gateway:Jobs</c>): where results go, the limits a submission must keep, and how politely jobs run.</summary>
public sealed class JobOptions
{
    /// <summary>Whether the jobs API is served and jobs run.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Where each job's dataset and results are kept (<c>{Directory}/{id}/</c>); every replica needs the same folder (a shared volume).</summary>
    /// <value>Defaults to <c>jobs</c>, relative to the working directory.</value>
    public string Directory { get; set; } = "jobs";

    /// <summary>The largest dataset accepted, in bytes; larger is 413.</summary>
    /// <value>Defaults to 64 MiB; 1 KiB to 16 GiB.</value>
    [SettingRange(1024, 16L << 30)]
    public long MaxDatasetBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most rows (lines) a dataset may have; more is 413.</summary>
    /// <value>Defaults to 1,000,000; 1 to 100,000,000.</value>
    [SettingRange(1, 100_000_000)]
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>How many jobs one caller may have queued or running at once; one more is 429.</summary>
    /// <value>Defaults to 4; 1 to 1,000.</value>
    [SettingRange(1, 1000)]
    public int MaxActiveJobsPerCaller { get; set; } = 4;

    /// <summary>Rows sent to ModelHost in one call (the protocol's batch dimension).</summary>
    /// <value>Defaults to 1,024; 1 to 10,000.</value>
    [SettingRange(1, 10_000)]
    public int BatchSize { get; set; } = 1024;

    /// <summary>A job waits before its next batch while this many online calls are in flight on the replica: jobs yield to online traffic.</summary>
    /// <value>Defaults to 8; 1 to 100,000.</value>
    [SettingRange(1, 100_000)]
    public int YieldAtOnlineCalls { get; set; } = 8;

    /// <summary>Rows per ModelHost call while online calls come (one in the last second): a short batch holds the cores briefly.</summary>
    /// <value>Defaults to 16; 1 to 10,000.</value>
    [SettingRange(1, 10_000)]
    public int BatchSizeWhileOnline { get; set; } = 16;

    /// <summary>
    /// While online calls come (one in the last second), a job pauses after each batch this many times as long as the
    /// batch took (reading, answering, writing, committing), so it takes at most 1 / (1 + this) of the time. 0 never
    /// pauses.
    /// </summary>
    /// <value>Defaults to 3 (a quarter of the time); 0 to 100.</value>
    [SettingRange(0, 100)]
    public double PauseFactor { get; set; } = 3;

    /// <summary>How long finished jobs (their record, dataset and results) are kept, in hours.</summary>
    /// <value>Defaults to 168 (a week); 1 to 87,600.</value>
    [SettingRange(1, 87_600)]
    public int RetentionHours { get; set; } = 168;

    /// <summary>The key a job's completion webhook is signed with (HMAC-SHA256, header <c>X-Signature-256</c>); without one, webhooks are off.</summary>
    /// <value>Empty by default; at least 32 characters when set.</value>
    [Secret(32)]
    public string WebhookSecret { get; set; } = "";

    /// <summary>The hosts a completion webhook may call (exact host names); a <c>callback</c> to any other is refused with 400.</summary>
    /// <value>Empty by default.</value>
    public List<string> WebhookHosts { get; set; } = [];
}
