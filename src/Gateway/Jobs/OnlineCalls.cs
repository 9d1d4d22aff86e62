namespace Gateway.Jobs;

/// <summary>How many online (public API) calls this replica has in flight, so jobs can step aside for them.</summary>
internal sealed class OnlineCalls
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Ended() => Interlocked.Decrement(ref _inFlight);
}
