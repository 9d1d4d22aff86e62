namespace Gateway.Analysis;

/// <summary>
/// A sliding window of one track's calls: a ring of time slices, each holding counts and a latency histogram with
/// logarithmic bins (about 8 % wide), so a percentile over the window costs one pass over the bins, whatever the traffic.
/// Beside it, the run: the same counts since the track last started afresh, which the canary analysis tests
/// sequentially (<see cref="Run"/>).
/// </summary>
internal sealed class TrackWindow
{
    private const int Slices = 20;
    private const double MinSeconds = 0.00005;
    private const double BinGrowth = 1.08;

    // The judged p99 is never one of this many slowest answers (see TrackSnapshot.JudgedP99).
    public const int SlowestIgnored = 2;
    private static readonly int Bins = (int)Math.Ceiling(Math.Log(600 / MinSeconds) / Math.Log(BinGrowth)) + 1;

    private readonly TimeProvider _time;
    private readonly long _sliceTicks;
    private readonly Slice[] _slices = new Slice[Slices];
    private readonly Slice _run = new(Bins);
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

    /// <param name="inRun">Whether it counts in the run too (a caller past its per-run cap counts only in the window).</param>
    public void RecordAssignment(bool inRun = true)
    {
        lock (_lock)
        {
            Current().Assigned++;
            _run.Assigned += inRun ? 1 : 0;
        }
    }

    /// <param name="latency">How long the backend took.</param>
    /// <param name="failed">Whether it was a 5xx, a timeout or a transport failure.</param>
    /// <param name="inRun">Whether it counts in the run too.</param>
    public void RecordAnswer(TimeSpan latency, bool failed, bool inRun = true)
    {
        var bin = Bin(latency.TotalSeconds);
        lock (_lock)
        {
            foreach (var slice in inRun ? (ReadOnlySpan<Slice>)[Current(), _run] : [Current()])
            {
                slice.Answered++;
                slice.Errors += failed ? 1 : 0;
                slice.Latency[bin]++;
            }
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

    /// <summary>The window's counts, with its latency bins, mergeable with other replicas' (see <see cref="WindowCounts"/>).</summary>
    public WindowCounts Totals()
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

        var latency = new Dictionary<int, long>();
        for (var i = 0; i < Bins; i++)
        {
            if (merged[i] > 0)
            {
                latency[i] = merged[i];
            }
        }

        return new WindowCounts(assigned, answered, errors, latency);
    }

    public TrackSnapshot Snapshot() => Totals().ToSnapshot();

    /// <summary>The counts since the track last started afresh (<see cref="Reset"/> or <see cref="ResetRun"/>), mergeable like the window's.</summary>
    public WindowCounts Run()
    {
        lock (_lock)
        {
            var latency = new Dictionary<int, long>();
            for (var i = 0; i < Bins; i++)
            {
                if (_run.Latency[i] > 0)
                {
                    latency[i] = _run.Latency[i];
                }
            }

            return new WindowCounts(_run.Assigned, _run.Answered, _run.Errors, latency);
        }
    }

    /// <summary>Starts the run afresh, leaving the window as it is (stable's, when a canary starts).</summary>
    public void ResetRun()
    {
        lock (_lock)
        {
            _run.Clear(-1);
        }
    }

    /// <summary>The bin a latency falls in.</summary>
    public static int BinOf(TimeSpan latency) => Bin(latency.TotalSeconds);

    /// <summary>The longest latency a bin holds.</summary>
    public static TimeSpan UpperEdge(int bin) => TimeSpan.FromSeconds(MinSeconds * Math.Pow(BinGrowth, Math.Clamp(bin, 0, Bins - 1)));

    /// <summary>Forgets everything seen so far, window and run, so a track starts afresh (after a rollback is lifted, say).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var slice in _slices)
            {
                slice.Clear(-1);
            }

            _run.Clear(-1);
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
