using System.Collections.Frozen;
using ControlPlane;

namespace ModelHost.Fleet;

/// <summary>
/// The weights' SHA-256 the control plane recorded for each model version when it was set for a track (a promotion,
/// a set-version): a version with one recorded loads only if the store's weights hash to it, so a store that swaps the
/// weights under a known version (and the digest in its manifest with them) cannot get them served.
/// </summary>
internal sealed class RecordedDigests
{
    private FrozenDictionary<(string Model, string Version), string> _digests = FrozenDictionary<(string, string), string>.Empty;

    /// <summary>The recorded digest of a version, or null when none was recorded.</summary>
    public string? For(string model, string version) => _digests.GetValueOrDefault((model, version));

    /// <summary>Puts every digest in the document in force, whichever track it was set for.</summary>
    /// <returns>Whether any digest changed, so a version refused under the old one is tried again.</returns>
    public bool Replace(DesiredVersions desired)
    {
        var digests = desired.Models
            .SelectMany(m => m.Value.Values.Where(v => v.Sha256 is not null).Select(v => (Key: (m.Key, v.Version), Sha256: v.Sha256!)))
            .DistinctBy(d => d.Key)
            .ToFrozenDictionary(d => d.Key, d => d.Sha256);
        var changed = digests.Count != _digests.Count || digests.Any(d => _digests.GetValueOrDefault(d.Key) != d.Value);
        _digests = digests;
        return changed;
    }
}
