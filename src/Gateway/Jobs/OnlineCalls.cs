namespace Gateway.Jobs;

/// <summary>How many online (public API) calls this replica has in flight, and when the last one came, so jobs can step aside for them.</summary>
internal sealed class OnlineCalls(TimeProvider time)
{
    private int _inFlight;
    private long _lastStarted = long.MinValue / 2;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Whether an online call started within <paramref name="window"/>.</summary>
    public bool SeenWithin(TimeSpan window) => time.GetElapsedTime(Volatile.Read(ref _lastStarted)) < window;

    public void Started()
    {
        Interlocked.Increment(ref _inFlight);
        Volatile.Write(ref _lastStarted, time.GetTimestamp());
    }

    public void Ended() => Interlocked.Decrement(ref _inFlight);
}
