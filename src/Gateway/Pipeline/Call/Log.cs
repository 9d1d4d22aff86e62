namespace Gateway.Pipeline.Call;

/// <summary>The call stage's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(102, LogLevel.Warning, "The backend's answer for {Model} ({Api}) does not match its response schema")]
    public static partial void ResponseViolation(ILogger logger, string model, string api);
}
