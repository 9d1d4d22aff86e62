using System.Threading.RateLimiting;
using ControlPlane;

namespace Gateway.Access;

/// <summary>
/// One caller's rate limit, counted in the control plane's Redis so that every replica draws on the same bucket, and
/// in this process alone while Redis cannot be reached: a limit never turns into an error, and never into no limit.
/// </summary>
internal sealed class FallbackRateLimiter(RateLimiter shared, RateLimiter local, ControlPlaneStatus controlPlane) : RateLimiter
{
    // A failed lease makes ASP.NET Core's middleware ask AcquireAsync, where the shared bucket is asked.
    private static readonly RateLimitLease NotYet = new NotAcquiredLease();

    public override TimeSpan? IdleDuration => local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => controlPlane.Reachable ? shared.GetStatistics() : local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        controlPlane.Reachable ? NotYet : local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (controlPlane.Reachable)
        {
            try
            {
                return await shared.AcquireAsync(permitCount, cancellationToken);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                controlPlane.Failed(e.Message);
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
