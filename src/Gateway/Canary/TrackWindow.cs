namespace Gateway.Canary;

/// <summary>
/// A sliding window of one track's calls: a ring of time slices, each holding counts and a latency histogram with
/// logarithmic bins (about 8 % wide), so a percentile over the window costs one pass over the bins, whatever the traffic.
/// </summary>
internal sealed class TrackWindow
{
    private const int Slices = 20;
    private const double MinSeconds = 0.00005;
    private const double BinGrowth = 1.08;

    // The judged p99 is never one of this many slowest answers (see TrackSnapshot.JudgedP99).
    private const int SlowestIgnored = 2;
    private static readonly int Bins = (int)Math.Ceiling(Math.Log(600 / MinSeconds) / Math.Log(BinGrowth)) + 1;

    private readonly TimeProvider _time;
    private readonly long _sliceTicks;
    private readonly Slice[] _slices = new Slice[Slices];
    private readonly Lock _lock = new();

    public TrackWindow(TimeProvider time, TimeSpan window)
    {
        _time = time;
        Window = window;
        _sliceTicks = Math.Max(1, (long)(window.TotalSeconds * time.TimestampFrequency / Slices));
        for (var i = 0; i < Slices; i++)
        {
            _slices[i] = new Slice(Bins);
        }
    }

    public TimeSpan Window { get; }

    public void RecordAssignment()
    {
        lock (_lock)
        {
            Current().Assigned++;
        }
    }

    public void RecordAnswer(TimeSpan latency, bool failed)
    {
        var bin = Bin(latency.TotalSeconds);
        lock (_lock)
        {
            var slice = Current();
            slice.Answered++;
            slice.Errors += failed ? 1 : 0;
            slice.Latency[bin]++;
        }
    }

    /// <summary>Answers and errors over the window, without latencies: cheap enough for every call.</summary>
    public (long Answered, long Errors) Counts()
    {
        long answered = 0, errors = 0;
        lock (_lock)
        {
            var now = _time.GetTimestamp() / _sliceTicks;
            foreach (var slice in _slices)
            {
                if (slice.Number > now - Slices)
                {
                    answered += slice.Answered;
                    errors += slice.Errors;
                }
            }
        }

        return (answered, errors);
    }

    public TrackSnapshot Snapshot()
    {
        var merged = new long[Bins];
        long assigned = 0, answered = 0, errors = 0;
        lock (_lock)
        {
            var now = _time.GetTimestamp() / _sliceTicks;
            foreach (var slice in _slices)
            {
                if (slice.Number > now - Slices)
                {
                    assigned += slice.Assigned;
                    answered += slice.Answered;
                    errors += slice.Errors;
                    for (var i = 0; i < Bins; i++)
                    {
                        merged[i] += slice.Latency[i];
                    }
                }
            }
        }

        var p99 = (long)Math.Ceiling(0.99 * answered);
        return new TrackSnapshot(assigned, answered, errors, AtRank(merged, (long)Math.Ceiling(0.50 * answered)), AtRank(merged, p99),
            AtRank(merged, Math.Min(p99, answered - SlowestIgnored)));
    }

    /// <summary>Forgets everything seen so far, so a track starts afresh (after a rollback is lifted, say).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var slice in _slices)
            {
                slice.Clear(-1);
            }
        }
    }

    private Slice Current()
    {
        var number = _time.GetTimestamp() / _sliceTicks;
        var slice = _slices[number % Slices];
        if (slice.Number != number)
        {
            slice.Clear(number);
        }

        return slice;
    }

    private static int Bin(double seconds) =>
        seconds <= MinSeconds ? 0 : Math.Min(Bins - 1, (int)Math.Ceiling(Math.Log(seconds / MinSeconds) / Math.Log(BinGrowth)));

    // The upper edge of the bin holding the rank-th fastest answer: a percentile is never reported lower than it was.
    private static TimeSpan AtRank(long[] bins, long rank)
    {
        if (rank <= 0)
        {
            return TimeSpan.Zero;
        }

        long seen = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            seen += bins[i];
            if (seen >= rank)
            {
                return TimeSpan.FromSeconds(MinSeconds * Math.Pow(BinGrowth, i));
            }
        }

        return TimeSpan.FromSeconds(MinSeconds * Math.Pow(BinGrowth, bins.Length - 1));
    }

    private sealed class Slice(int bins)
    {
        public long Number { get; private set; } = -1;

        public long Assigned { get; set; }

        public long Answered { get; set; }

        public long Errors { get; set; }

        public long[] Latency { get; } = new long[bins];

        public void Clear(long number)
        {
            Number = number;
            Assigned = Answered = Errors = 0;
            Array.Clear(Latency);
        }
    }
}
