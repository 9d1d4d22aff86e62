using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;

namespace Gateway.Canary;

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

    /// <summary>Whether this call of <paramref name="caller"/> counts in <paramref name="model"/>'s track windows.</summary>
    public bool Counts(string model, string? caller)
    {
        var analysis = options.CurrentValue.Canary.Analysis;
        if (caller is null || analysis.MaxCallsPerCaller == 0)
        {
            return true;
        }

        var period = time.GetTimestamp() / (analysis.WindowSeconds * time.TimestampFrequency);
        return _calls.GetOrAdd(keys.Of(model, caller), static _ => new CallCount()).Add(period) <= analysis.MaxCallsPerCaller;
    }

    /// <summary>A caller's calls in its latest period: the period and the count packed in one word, so one compare-and-swap updates both.</summary>
    private sealed class CallCount
    {
        private const int CountBits = 20;
        private const long MaxCount = (1L << CountBits) - 1;
        private long _packed = -1L << CountBits;

        /// <returns>The caller's calls in <paramref name="period"/>, this one included.</returns>
        public long Add(long period)
        {
            while (true)
            {
                var seen = Volatile.Read(ref _packed);
                var calls = seen >> CountBits == period ? Math.Min((seen & MaxCount) + 1, MaxCount) : 1;
                if (Interlocked.CompareExchange(ref _packed, (period << CountBits) | calls, seen) == seen)
                {
                    return calls;
                }
            }
        }
    }
}
