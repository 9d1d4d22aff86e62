using BitFaster.Caching.Lru;
using Gateway.Assignment;
using Microsoft.Extensions.Options;

namespace Gateway.Analysis;

/// <summary>
/// How much one caller may weigh in the canary analysis: at most
/// <see cref="CanaryAnalysisOptions.MaxCallsPerCaller"/> of its calls per model count in the track windows in each
/// period of one window's length; the rest are served as usual and not counted. A caller that found an identity the
/// split keeps on the canary cannot then fill the canary's window with its own failures or slow calls and force a
/// rollback, nor move the realised share. Calls without an identity (a shared address) are drawn at random, so they
/// cannot pile onto one track, and always count. Callers are kept in a bounded table that evicts the least recently
/// seen (BitFaster's concurrent LRU), each with its own period, so nothing is cleared wholesale, and keyed by
/// <see cref="CallerKeys"/>, so the table holds no caller's string.
/// </summary>
internal sealed class CallerWeights(IOptionsMonitor<GatewayOptions> options, CallerKeys keys, TimeProvider time)
{
    /// <summary>How many (model, caller) pairs are tracked: enough distinct callers for any one window.</summary>
    public const int MaxTracked = 200_000;

    private readonly ConcurrentLru<long, CallCount> _calls = new(MaxTracked);

    /// <summary>
    /// Whether this call of <paramref name="caller"/> counts in <paramref name="model"/>'s track windows, and in the
    /// run the analysis judges: at most <see cref="CanaryAnalysisOptions.MaxCallsPerCallerPerRun"/> of a caller's
    /// counted calls go into one run (<paramref name="run"/>, the model's run generation), however long it lasts.
    /// </summary>
    public (bool Window, bool Run) Counts(string model, string? caller, long run)
    {
        var analysis = options.CurrentValue.Canary.Analysis;
        if (caller is null || analysis.MaxCallsPerCaller == 0)
        {
            return (true, true);
        }

        var period = time.GetTimestamp() / (analysis.WindowSeconds * time.TimestampFrequency);
        var count = _calls.GetOrAdd(keys.Of(model, caller), static _ => new CallCount());
        if (count.Add(period) > analysis.MaxCallsPerCaller)
        {
            return (false, false);
        }

        return (true, analysis.MaxCallsPerCallerPerRun == 0 || count.AddToRun(run) <= analysis.MaxCallsPerCallerPerRun);
    }

    /// <summary>A caller's calls in its latest period, and in its latest run: each key and count packed in one word, so one compare-and-swap updates both.</summary>
    private sealed class CallCount
    {
        private const int CountBits = 20;
        private const long MaxCount = (1L << CountBits) - 1;
        private long _packed = -1L << CountBits;
        private long _run = -1L << CountBits;

        /// <returns>The caller's calls in <paramref name="period"/>, this one included.</returns>
        public long Add(long period) => Add(ref _packed, period);

        /// <returns>The caller's counted calls in run <paramref name="run"/>, this one included.</returns>
        public long AddToRun(long run) => Add(ref _run, run);

        private static long Add(ref long packed, long key)
        {
            while (true)
            {
                var seen = Volatile.Read(ref packed);
                var calls = seen >> CountBits == key ? Math.Min((seen & MaxCount) + 1, MaxCount) : 1;
                if (Interlocked.CompareExchange(ref packed, (key << CountBits) | calls, seen) == seen)
                {
                    return calls;
                }
            }
        }
    }
}
