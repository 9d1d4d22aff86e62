namespace Gateway.Assignment;

/// <summary>Track assignment's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(302, LogLevel.Error, "Could not assign a track for {Model}; the call goes to stable: {Cause}")]
    public static partial void AssignmentFailed(ILogger logger, string model, string cause);
}
