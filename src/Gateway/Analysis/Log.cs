namespace Gateway.Analysis;

/// <summary>The canary analysis's log events (rollbacks and local safety), with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(304, LogLevel.Error, "Canary of {Model} rolled back from {Percent} % to 0 %: {Reason}")]
    public static partial void RolledBack(ILogger logger, string model, double percent, string reason);

    [LoggerMessage(305, LogLevel.Critical, "Canary of {Model} is worse than stable but could not be rolled back: {Cause}")]
    public static partial void RollbackFailed(ILogger logger, string model, string cause);

    [LoggerMessage(308, LogLevel.Critical, "Canary of {Model} is failing and the control plane cannot be reached: this replica sends its canary traffic to stable ({Reason})")]
    public static partial void LocalSafetyOn(ILogger logger, string model, string reason);

    [LoggerMessage(309, LogLevel.Warning, "Control plane reachable again: this replica follows the flags for {Model}'s canary again")]
    public static partial void LocalSafetyOff(ILogger logger, string model);
}
