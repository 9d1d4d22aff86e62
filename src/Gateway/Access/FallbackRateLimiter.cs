using System.Threading.RateLimiting;
using ControlPlane;

namespace Gateway.Access;

/// <summary>
/// One caller's rate limit, counted in the control plane's Redis so that every replica draws on the same bucket, and
/// in this process alone while Redis cannot be reached: a limit never turns into an error, and never into no limit.
/// After a failed call to Redis this caller is counted locally for <see cref="LocalAfterFailure"/> before Redis is
/// tried again, so a stalled Redis costs one caller one slow call a second, not every call.
/// </summary>
internal sealed class FallbackRateLimiter(RateLimiter shared, RateLimiter local, ControlPlaneStatus controlPlane, TimeProvider time) : RateLimiter
{
    private static readonly TimeSpan LocalAfterFailure = TimeSpan.FromSeconds(1);
    private long _sharedFrom;

    // A failed lease makes ASP.NET Core's middleware ask AcquireAsync, where the shared bucket is asked.
    private static readonly RateLimitLease NotYet = new NotAcquiredLease();

    public override TimeSpan? IdleDuration => local.IdleDuration;

    private bool UseShared => controlPlane.Reachable && time.GetTimestamp() >= Interlocked.Read(ref _sharedFrom);

    public override RateLimiterStatistics? GetStatistics() => UseShared ? shared.GetStatistics() : local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        UseShared ? NotYet : local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (UseShared)
        {
            try
            {
                return await shared.AcquireAsync(permitCount, cancellationToken);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or StackExchange.Redis.RedisCommandException or TimeoutException)
            {
                Interlocked.Exchange(ref _sharedFrom, time.GetTimestamp() + (long)(LocalAfterFailure.TotalSeconds * time.TimestampFrequency));
            }
        }

        return await local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class NotAcquiredLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
