namespace ModelHost.Models;

/// <summary>The inference feature's log events: loads, refusals and swaps, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Serving model {Model} version {Version}")]
    public static partial void Loaded(ILogger logger, string model, string version);

    [LoggerMessage(2, LogLevel.Error, "Refused model {Model} version {Version}: {Cause}")]
    public static partial void Refused(ILogger logger, string model, string version, string cause);

    [LoggerMessage(3, LogLevel.Information, "Stopped serving model {Model} version {Version}: no longer configured")]
    public static partial void Unloaded(ILogger logger, string model, string version);

    [LoggerMessage(4, LogLevel.Error, "The model store cannot be listed: {Cause}")]
    public static partial void StoreUnreadable(ILogger logger, string cause);

    [LoggerMessage(6, LogLevel.Information, "Ready: {Count} model(s) loaded and warmed up")]
    public static partial void Ready(ILogger logger, int count);
}
