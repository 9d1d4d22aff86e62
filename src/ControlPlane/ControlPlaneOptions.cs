namespace ControlPlane;

/// <summary>Where desired and observed state are kept, bound from the <c>ControlPlane</c> section.</summary>
public sealed class ControlPlaneOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ControlPlane";

    /// <summary>
    /// A StackExchange.Redis connection string (<c>host:port,password=…,ssl=true</c>). Empty keeps the control plane
    /// local: files in <see cref="Directory"/> and state in this process, for one replica of each service.
    /// </summary>
    /// <value>Empty by default.</value>
    public string Redis { get; set; } = "";

    /// <summary>The folder of a local control plane: its documents, audit trail and reports.</summary>
    /// <value>Defaults to <c>state</c>, relative to the working directory.</value>
    public string Directory { get; set; } = "state";

    /// <summary>The prefix of every Redis key and channel, so several deployments can share one Redis.</summary>
    /// <value>Defaults to <c>igw:</c>.</value>
    public string KeyPrefix { get; set; } = "igw:";

    /// <summary>How often each document is read again as a safety net behind change events, in milliseconds.</summary>
    /// <value>Defaults to 1000; 100 to 60,000.</value>
    public int RefreshMilliseconds { get; set; } = 1000;

    /// <summary>How long one call to Redis may take before the control plane counts as unreachable, in milliseconds.</summary>
    /// <value>Defaults to 1000; 50 to 10,000.</value>
    public int TimeoutMilliseconds { get; set; } = 1000;

    /// <summary>This replica's name in leases and reports: unique among the replicas.</summary>
    /// <value>Defaults to the host name and process id.</value>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Every reason these options cannot be used, naming the key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RefreshMilliseconds is < 100 or > 60_000)
        {
            errors.Add($"{Section}:RefreshMilliseconds must be from 100 to 60000; it is {RefreshMilliseconds}.");
        }

        if (TimeoutMilliseconds is < 50 or > 10_000)
        {
            errors.Add($"{Section}:TimeoutMilliseconds must be from 50 to 10000; it is {TimeoutMilliseconds}.");
        }

        if (string.IsNullOrWhiteSpace(InstanceId))
        {
            errors.Add($"{Section}:InstanceId must not be empty.");
        }

        return errors;
    }
}
