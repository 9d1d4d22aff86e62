using Gateway.Flags;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;

namespace Gateway.Shadow;

/// <summary>
/// Decides whether an answered request is mirrored: its model's <c>{model}.shadow</c> flag, Microsoft.FeatureManagement's
/// <c>Microsoft.Percentage</c> filter (a random draw per call, which is what sampling wants). At 0 % and 100 % nothing
/// is evaluated.
/// </summary>
internal sealed class MirrorSampler(IFeatureManager features, CanaryFlags flags, IOptionsMonitor<GatewayOptions> options)
{
    /// <summary>Whether mirroring is configured at all.</summary>
    public bool IsOn => options.CurrentValue.Shadow.CompareUrl.Length > 0;

    public async ValueTask<bool> ShouldMirrorAsync(string model)
    {
        var sample = flags.ShadowSample(model);
        return sample > 0 && (sample >= 100 || await features.IsEnabledAsync(FlagsDocument.ShadowFlagId(model)));
    }
}
