namespace ControlPlane;

/// <summary>The control plane's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(901, LogLevel.Error, "The control plane is unreachable; serving on with the last good state: {Reason}")]
    public static partial void Unreachable(ILogger logger, string reason);

    [LoggerMessage(902, LogLevel.Warning, "The control plane is reachable again after {Seconds:0.#} s")]
    public static partial void Reachable(ILogger logger, double seconds);

    [LoggerMessage(904, LogLevel.Warning, "Could not subscribe to control-plane changes yet ({Reason}); reading every interval until Redis restores it")]
    public static partial void SubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(905, LogLevel.Error, "Reading the watched documents failed ({Type}: {Cause}); trying again at the next interval")]
    public static partial void WatchLoopFailed(ILogger logger, string type, string cause);

    [LoggerMessage(906, LogLevel.Error, "A pass of {Loop} failed ({Type}: {Cause}); the next one runs as usual")]
    public static partial void PassFailed(ILogger logger, string loop, string type, string cause);

    [LoggerMessage(903, LogLevel.Error, "A watcher of {Document} failed on version {Version}: {Cause}")]
    public static partial void WatcherFailed(ILogger logger, string document, long version, string cause);
}
