using Microsoft.Extensions.Options;
using ShadowCompare.Storage;

namespace ShadowCompare.Retention;

/// <summary>Deletes comparisons (and their aggregates and drift counts) past <see cref="RetentionOptions.Days"/>, by whole UTC days: at start, then once an hour.</summary>
internal sealed partial class RetentionWorker(ComparisonStore store, IOptionsMonitor<ShadowCompareOptions> options, TimeProvider time, ILogger<RetentionWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var days = options.CurrentValue.Retention.Days;
            if (days > 0)
            {
                // Whole UTC days, as the aggregates reports read are kept by the day: what is left is always a whole day's.
                var cutoff = new DateTimeOffset((time.GetUtcNow() - TimeSpan.FromDays(days)).UtcDateTime.Date, TimeSpan.Zero);
                try
                {
                    var deleted = store.DeleteOlderThan(cutoff);
                    if (deleted > 0)
                    {
                        LogDeleted(logger, deleted, days);
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    // A lock held long by another user of the file (a CLI diff, say): the next hour tries again.
                    LogFailed(logger, e.Message);
                }
            }

            await Task.Delay(Every, time, stoppingToken);
        }
    }

    [LoggerMessage(602, LogLevel.Warning, "Old comparisons could not be deleted this time; the next run tries again: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(601, LogLevel.Information, "Deleted {Count} comparisons older than {Days} days (ShadowCompare:Retention:Days)")]
    private static partial void LogDeleted(ILogger logger, long count, int days);
}
