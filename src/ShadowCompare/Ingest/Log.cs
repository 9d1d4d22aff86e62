namespace ShadowCompare.Ingest;

/// <summary>The ingest feature's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(501, LogLevel.Debug, "Shadow {Shadow} of {Model} failed: {Reason}")]
    public static partial void ShadowFailed(ILogger logger, string model, string shadow, string reason);

    [LoggerMessage(503, LogLevel.Warning, "Shadow {Shadow} of {Model} is down (most of its recent calls: {Reason}): its records are stored as shadow_down, without a call, for {BreakSeconds} s at a time until it answers again")]
    public static partial void ShadowDown(ILogger logger, string model, string shadow, string reason, int breakSeconds);

    [LoggerMessage(504, LogLevel.Information, "Shadow {Shadow} of {Model} answers again: its records are compared")]
    public static partial void ShadowBack(ILogger logger, string model, string shadow);

    [LoggerMessage(502, LogLevel.Warning, "Mirror records of {Model} arrived, but no shadow is configured for it (ShadowCompare:Models:{Model}:Shadows)")]
    public static partial void NoShadow(ILogger logger, string model);
}
