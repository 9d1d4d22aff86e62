namespace Gateway.Canary;

/// <summary>The canary feature's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(301, LogLevel.Error, "The flags file {Path} was changed to something invalid; the last good flags stay in force: {Reason}")]
    public static partial void FlagsRejected(ILogger logger, string path, string reason);

    [LoggerMessage(302, LogLevel.Error, "Could not assign a track for {Model}; the call goes to stable: {Cause}")]
    public static partial void AssignmentFailed(ILogger logger, string model, string cause);

    [LoggerMessage(303, LogLevel.Warning, "Canary of {Model} ({Action} by {Actor}): {OldPercent} % -> {NewPercent} %. Reason: {Reason}")]
    public static partial void ShareChanged(ILogger logger, string model, string action, string actor, double oldPercent, double newPercent, string reason);

    [LoggerMessage(304, LogLevel.Error, "Canary of {Model} rolled back from {Percent} % to 0 %: {Reason}")]
    public static partial void RolledBack(ILogger logger, string model, double percent, string reason);

    [LoggerMessage(305, LogLevel.Critical, "Canary of {Model} is worse than stable but could not be rolled back: {Cause}")]
    public static partial void RollbackFailed(ILogger logger, string model, string cause);

    [LoggerMessage(306, LogLevel.Warning, "The flags file {Path} on disk is broken ({Cause}); it is rewritten from the flags in force")]
    public static partial void RewritingBrokenFlags(ILogger logger, string path, string cause);
}
