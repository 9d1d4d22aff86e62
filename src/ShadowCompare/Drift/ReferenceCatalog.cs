using System.Collections.Concurrent;
using ShadowCompare.Reporting;

namespace ShadowCompare.Drift;

/// <summary>The versions' input references, read from their manifests in <c>ShadowCompare:ModelStore</c> (through <see cref="ManifestFacts"/>, which keeps each manifest once read).</summary>
internal sealed class ReferenceCatalog(ManifestFacts manifests)
{
    private readonly ConcurrentDictionary<(string Store, string Model, string Version), InputReference?> _parsed = new();

    /// <returns>The version's reference; null with no store, no readable manifest, or a manifest without one.</returns>
    public async Task<InputReference?> GetAsync(string store, string model, string version, CancellationToken cancellationToken)
    {
        if (store.Length == 0)
        {
            return null;
        }

        if (_parsed.TryGetValue((store, model, version), out var known))
        {
            return known;
        }

        // A manifest not read now (a store that is down) is asked again later; one read is parsed once.
        return await manifests.ManifestAsync(store, model, version, cancellationToken) is { } manifest
            ? _parsed.GetOrAdd((store, model, version), InputReference.From(manifest))
            : null;
    }
}
