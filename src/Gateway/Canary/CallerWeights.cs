using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Gateway.Canary;

/// <summary>
/// How much one caller may weigh in the canary analysis: at most
/// <see cref="CanaryAnalysisOptions.MaxCallsPerCaller"/> of its calls per model count in the track windows in each
/// period of one window's length; the rest are served as usual and not counted. A caller that found an identity the
/// split keeps on the canary cannot then fill the canary's window with its own failures or slow calls and force a
/// rollback, nor move the realised share. Calls without an identity (a shared address) are drawn at random, so they
/// cannot pile onto one track, and always count.
/// </summary>
internal sealed class CallerWeights(IOptionsMonitor<GatewayOptions> options, TimeProvider time)
{
    // Enough distinct callers for any one window; past it, a flood of new identities counts for nothing.
    private const int MaxTracked = 200_000;

    private Period _current = new(-1);

    /// <summary>Whether this call of <paramref name="caller"/> counts in <paramref name="model"/>'s track windows.</summary>
    public bool Counts(string model, string? caller)
    {
        var analysis = options.CurrentValue.Canary.Analysis;
        if (caller is null || analysis.MaxCallsPerCaller == 0)
        {
            return true;
        }

        var number = time.GetTimestamp() / (analysis.WindowSeconds * time.TimestampFrequency);
        var period = Volatile.Read(ref _current);
        if (period.Number != number)
        {
            var fresh = new Period(number);
            period = Interlocked.CompareExchange(ref _current, fresh, period) == period ? fresh : Volatile.Read(ref _current);
        }

        if (period.Calls.Count >= MaxTracked && !period.Calls.ContainsKey((model, caller)))
        {
            return false;
        }

        return period.Calls.AddOrUpdate((model, caller), 1, (_, calls) => calls + 1) <= analysis.MaxCallsPerCaller;
    }

    private sealed class Period(long number)
    {
        public long Number { get; } = number;

        public ConcurrentDictionary<(string Model, string Caller), int> Calls { get; } = new();
    }
}
