namespace Gateway.Jobs;

/// <summary>The batch jobs' log events, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(601, LogLevel.Information, "Job {Id} ({Model}, {Rows} rows) {State}")]
    public static partial void JobFinished(ILogger logger, string id, string model, int rows, string state);

    [LoggerMessage(602, LogLevel.Warning, "Job {Id}: ModelHost could not answer a batch ({Cause}); trying again in {DelayMs} ms")]
    public static partial void BatchRetry(ILogger logger, string id, string cause, int delayMs);

    [LoggerMessage(603, LogLevel.Warning, "Job {Id}: completion webhook failed ({Cause}), attempt {Attempt} of 3")]
    public static partial void WebhookFailed(ILogger logger, string id, string cause, int attempt);

    [LoggerMessage(604, LogLevel.Error, "Job runner pass failed: {Cause}")]
    public static partial void PassFailed(ILogger logger, string cause);

    [LoggerMessage(605, LogLevel.Information, "Job {Id} ({Model}) taken up by this replica at row {Row} of {Rows}")]
    public static partial void JobTaken(ILogger logger, string id, string model, int row, int rows);
}
