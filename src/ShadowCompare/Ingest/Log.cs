namespace ShadowCompare.Ingest;

/// <summary>The ingest feature's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(501, LogLevel.Debug, "Shadow {Shadow} of {Model} failed: {Reason}")]
    public static partial void ShadowFailed(ILogger logger, string model, string shadow, string reason);

    [LoggerMessage(502, LogLevel.Warning, "Mirror records of {Model} arrived, but no shadow is configured for it (ShadowCompare:Models:{Model}:Shadows)")]
    public static partial void NoShadow(ILogger logger, string model);
}
