using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Trims the native heap (<see cref="NativeHeap.Trim"/>) every <see cref="NativeHeapOptions.TrimSeconds"/>.</summary>
internal sealed partial class NativeHeapTrimmer : BackgroundService
{
    private readonly TimeProvider _time;
    private readonly ILogger<NativeHeapTrimmer> _logger;
    private readonly PeriodicTimer? _timer;

    public NativeHeapTrimmer(IOptions<NativeHeapOptions> options, TimeProvider time, ILogger<NativeHeapTrimmer> logger)
    {
        _time = time;
        _logger = logger;
        var seconds = options.Value.TrimSeconds;
        _timer = seconds == 0 ? null : new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is null)
        {
            return;
        }

        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken))
            {
                var started = _time.GetTimestamp();
                var released = NativeHeap.Trim();
                Log.Trimmed(_logger, released, _time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(901, LogLevel.Debug, "Native heap trimmed (memory released: {Released}) in {Milliseconds} ms")]
        public static partial void Trimmed(ILogger logger, bool released, double milliseconds);
    }
}
