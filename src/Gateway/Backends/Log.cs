namespace Gateway.Backends;

/// <summary>The routing feature's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Debug, "Could not read the version of {Model} on cluster {Cluster} destination {Destination}: {Cause}")]
    public static partial void VersionPollFailed(ILogger logger, string model, string cluster, string destination, string cause);
}
