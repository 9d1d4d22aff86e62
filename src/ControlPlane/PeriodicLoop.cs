namespace ControlPlane;

/// <summary>
/// The loop of a background service that works in passes (publish a report, analyse, refresh): one pass each interval
/// until the host stops. A pass that throws is logged and the next runs anyway, since a background service that ends
/// leaves its replica on stale state for good, or stops the whole host.
/// </summary>
public static class PeriodicLoop
{
    /// <summary>Runs <paramref name="pass"/> every <paramref name="interval"/> (read before each wait) until <paramref name="stoppingToken"/> fires.</summary>
    public static async Task RunAsync(
        string name, Func<CancellationToken, Task> pass, Func<TimeSpan> interval, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
                await Task.Delay(interval(), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.PassFailed(logger, name, e.GetType().Name, e.Message);
                await Task.Delay(interval(), time, CancellationToken.None);
            }
        }
    }
}
