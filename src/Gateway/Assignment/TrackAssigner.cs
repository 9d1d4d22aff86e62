using BitFaster.Caching.Lru;
using Gateway.Flags;
using Microsoft.Extensions.Primitives;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace Gateway.Assignment;

/// <summary>
/// Picks a caller's track for a model with Microsoft.FeatureManagement's variant allocation: the caller id hashed with
/// the flag's seed into a percentile, the same bucket on every call. An evaluation costs about 7 µs and 3.5 KB
/// (bench/Gateway.Micro), so each caller's answer is remembered, under the flags it was worked out with, in a bounded
/// table that evicts the callers least recently seen (BitFaster's concurrent LRU), keyed by <see cref="CallerKeys"/>:
/// a flood of new callers pushes out old ones a few at a time, never the whole table at once, and leaves no strings
/// behind. At 0 % and 100 % nothing is evaluated, and a call with no
/// caller identity is a random draw at the set share, which is all a draw needs.
/// </summary>
internal sealed class TrackAssigner : IDisposable
{
    /// <summary>How many (model, caller) answers are remembered.</summary>
    public const int MaxRemembered = 100_000;
    private readonly IVariantFeatureManager _features;
    private readonly CanaryFlags _flags;
    private readonly Random _random;
    private readonly ILogger<TrackAssigner> _logger;
    private readonly ConcurrentLru<long, long> _remembered = new(MaxRemembered);
    private readonly CallerKeys _keys;
    private readonly IDisposable _subscription;
    private long _generation;

    public TrackAssigner(IVariantFeatureManager features, CanaryFlags flags, CallerKeys keys, Random random, ILogger<TrackAssigner> logger)
    {
        _keys = keys;
        _features = features;
        _flags = flags;
        _random = random;
        _logger = logger;
        // New flags make every remembered answer stale at once; the stale ones age out of the table as callers return.
        _subscription = ChangeToken.OnChange(flags.Root.GetReloadToken, () => Interlocked.Increment(ref _generation));
    }

    /// <param name="model">The model called.</param>
    /// <param name="callerId">The caller's identity, or null when it has none worth sticking to.</param>
    /// <param name="cancellationToken">The call's cancellation.</param>
    public async ValueTask<Track> AssignAsync(string model, string? callerId, CancellationToken cancellationToken)
    {
        var share = _flags.Share(model);
        if (share <= 0)
        {
            return Track.Stable;
        }

        if (share >= 100)
        {
            return Track.Canary;
        }

        if (callerId is null)
        {
            return _random.NextDouble() * 100 < share ? Track.Canary : Track.Stable;
        }

        // An answer worked out under older flags carries the older generation and is not used.
        var generation = Volatile.Read(ref _generation);
        var key = _keys.Of(model, callerId);
        if (_remembered.TryGet(key, out var known) && known >> 1 == generation)
        {
            return (known & 1) == 1 ? Track.Canary : Track.Stable;
        }

        var track = await EvaluateAsync(model, callerId, cancellationToken);
        // The generation and the track in one word: (generation << 1) | 1 for canary.
        _remembered.AddOrUpdate(key, (generation << 1) | (track == Track.Canary ? 1L : 0L));
        return track;
    }

    public void Dispose() => _subscription.Dispose();

    private async ValueTask<Track> EvaluateAsync(string model, string callerId, CancellationToken cancellationToken)
    {
        try
        {
            var variant = await _features.GetVariantAsync(FlagsDocument.FlagId(model), new TargetingContext { UserId = callerId }, cancellationToken);
            return variant?.Name == TrackNames.Canary ? Track.Canary : Track.Stable;
        }
        catch (Exception e) when (e is FeatureManagementException or ArgumentException)
        {
            // The flags file is validated before it takes effect, so this is a bug; the caller still gets an answer.
            Log.AssignmentFailed(_logger, model, e.Message);
            return Track.Stable;
        }
    }
}
