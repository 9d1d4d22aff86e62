using System.Collections.Concurrent;

namespace Gateway.Routing;

/// <summary>The model version each cluster serves, as last seen: polled from the backends and updated from every answer's <c>X-Model-Version</c>.</summary>
internal sealed class TrackVersions
{
    private readonly ConcurrentDictionary<(string Cluster, string Model), string> _versions = new();

    public string? Get(string cluster, string model) => _versions.GetValueOrDefault((cluster, model));

    public void Set(string cluster, string model, string version) => _versions[(cluster, model)] = version;
}
