namespace Gateway.Admin;

/// <summary>The admin API's log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(501, LogLevel.Information, "Admin API and /metrics listen on {Address}")]
    public static partial void AdminListening(ILogger logger, Uri address);

    [LoggerMessage(502, LogLevel.Warning, "No Gateway:AdminUrls: the admin API and /metrics are served nowhere")]
    public static partial void AdminOff(ILogger logger);
}
