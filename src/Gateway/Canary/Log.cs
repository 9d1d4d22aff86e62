namespace Gateway.Canary;

/// <summary>The canary feature's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(301, LogLevel.Error, "Flags version {Version} is not valid; the last good flags stay in force: {Reason}")]
    public static partial void FlagsRejected(ILogger logger, long version, string reason);

    [LoggerMessage(302, LogLevel.Error, "Could not assign a track for {Model}; the call goes to stable: {Cause}")]
    public static partial void AssignmentFailed(ILogger logger, string model, string cause);

    [LoggerMessage(303, LogLevel.Warning, "Canary of {Model} ({Action} by {Actor}): {OldPercent} % -> {NewPercent} %. Reason: {Reason}")]
    public static partial void ShareChanged(ILogger logger, string model, string action, string actor, double oldPercent, double newPercent, string reason);

    [LoggerMessage(304, LogLevel.Error, "Canary of {Model} rolled back from {Percent} % to 0 %: {Reason}")]
    public static partial void RolledBack(ILogger logger, string model, double percent, string reason);

    [LoggerMessage(305, LogLevel.Critical, "Canary of {Model} is worse than stable but could not be rolled back: {Cause}")]
    public static partial void RollbackFailed(ILogger logger, string model, string cause);

    [LoggerMessage(306, LogLevel.Warning, "Flags version {Version} in the control plane is broken ({Cause}); the change is made to the flags in force")]
    public static partial void RewritingBrokenFlags(ILogger logger, long version, string cause);

    [LoggerMessage(307, LogLevel.Warning, "The control plane had no flags; seeded from {Source} at version {Version}")]
    public static partial void FlagsSeeded(ILogger logger, string source, long version);

    [LoggerMessage(308, LogLevel.Critical, "Canary of {Model} is failing and the control plane cannot be reached: this replica sends its canary traffic to stable ({Reason})")]
    public static partial void LocalSafetyOn(ILogger logger, string model, string reason);

    [LoggerMessage(310, LogLevel.Information, "Flags version {Version} in force")]
    public static partial void FlagsApplied(ILogger logger, long version);

    [LoggerMessage(309, LogLevel.Warning, "Control plane reachable again: this replica follows the flags for {Model}'s canary again")]
    public static partial void LocalSafetyOff(ILogger logger, string model);
}
