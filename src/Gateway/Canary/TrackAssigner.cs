using Gateway.Routing;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace Gateway.Canary;

/// <summary>
/// Picks a caller's track for a model with Microsoft.FeatureManagement's variant allocation: the caller id hashed with
/// the flag's seed into a percentile, the same bucket on every call. At 0 % and 100 % the answer needs no hashing.
/// </summary>
internal sealed class TrackAssigner(IVariantFeatureManager features, CanaryFlags flags, ILogger<TrackAssigner> logger)
{
    public async ValueTask<string> AssignAsync(string model, string callerId, CancellationToken cancellationToken)
    {
        var share = flags.Share(model);
        if (share <= 0)
        {
            return Tracks.Stable;
        }

        if (share >= 100)
        {
            return Tracks.Canary;
        }

        try
        {
            var variant = await features.GetVariantAsync(FlagsDocument.FlagId(model), new TargetingContext { UserId = callerId }, cancellationToken);
            return variant?.Name == Tracks.Canary ? Tracks.Canary : Tracks.Stable;
        }
        catch (Exception e) when (e is FeatureManagementException or ArgumentException)
        {
            // The flags file is validated before it takes effect, so this is a bug; the caller still gets an answer.
            Log.AssignmentFailed(logger, model, e.Message);
            return Tracks.Stable;
        }
    }
}
