using System.Collections.Concurrent;

namespace Gateway.Backends;

/// <summary>
/// The model version each cluster serves, as last seen: polled from the backends and updated from every answer's
/// <c>X-Model-Version</c>; and the manifest's facts of that version, from the poll.
/// </summary>
internal sealed class TrackVersions
{
    private readonly ConcurrentDictionary<(string Cluster, string Model), string> _versions = new();
    private readonly ConcurrentDictionary<(string Cluster, string Model), ModelFacts> _facts = new();

    public string? Get(string cluster, string model) => _versions.GetValueOrDefault((cluster, model));

    public void Set(string cluster, string model, string version) => _versions[(cluster, model)] = version;

    /// <summary>The facts of the version the cluster serves now; none while only another version's are known.</summary>
    public ModelFacts? Facts(string cluster, string model) =>
        _facts.TryGetValue((cluster, model), out var facts) && facts.Version == Get(cluster, model) ? facts : null;

    public void SetFacts(string cluster, string model, ModelFacts facts) => _facts[(cluster, model)] = facts;
}
