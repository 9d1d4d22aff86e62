namespace Gateway.Shadow;

/// <summary>The shadow feature's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(401, LogLevel.Warning, "{Count} mirror records did not reach ShadowCompare ({Reason}); they are counted as dropped")]
    public static partial void SendFailed(ILogger logger, int count, string reason);
}
