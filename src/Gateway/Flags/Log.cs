namespace Gateway.Flags;

/// <summary>The flags' log events (the canary shares in force and their changes), with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(301, LogLevel.Error, "Flags version {Version} is not valid; the last good flags stay in force: {Reason}")]
    public static partial void FlagsRejected(ILogger logger, long version, string reason);

    [LoggerMessage(303, LogLevel.Warning, "Canary of {Model} ({Action} by {Actor}): {OldPercent} % -> {NewPercent} %. Reason: {Reason}")]
    public static partial void ShareChanged(ILogger logger, string model, string action, string actor, double oldPercent, double newPercent, string reason);

    [LoggerMessage(306, LogLevel.Warning, "Flags version {Version} in the control plane is broken ({Cause}); the change is made to the flags in force")]
    public static partial void RewritingBrokenFlags(ILogger logger, long version, string cause);

    [LoggerMessage(307, LogLevel.Warning, "The control plane had no flags; seeded from {Source} at version {Version}")]
    public static partial void FlagsSeeded(ILogger logger, string source, long version);

    [LoggerMessage(310, LogLevel.Information, "Flags version {Version} in force")]
    public static partial void FlagsApplied(ILogger logger, long version);
}
