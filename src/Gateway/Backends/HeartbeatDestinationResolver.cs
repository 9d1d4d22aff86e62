using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Gateway.Backends;

/// <summary>
/// YARP's destination resolver over the control plane: a configured destination whose metadata names a
/// <see cref="TrackKey"/> and a <see cref="ModelKey"/> stands for every ready ModelHost of that track that reports
/// serving that model, one destination each, so load balancing, health checks and retries have real instances to
/// choose from. With no such instance reporting (or no control plane), the configured address is used as it is: a
/// Kubernetes Service, say. YARP reloads the cluster when the instances change.
/// </summary>
internal sealed class HeartbeatDestinationResolver(InstanceDirectory instances) : IDestinationResolver
{
    public const string TrackKey = "Track";
    public const string ModelKey = "Model";

    public ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var changeToken = instances.ChangeToken;
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, destination) in destinations)
        {
            if (destination.Metadata?.GetValueOrDefault(TrackKey) is not { Length: > 0 } track
                || destination.Metadata.GetValueOrDefault(ModelKey) is not { Length: > 0 } model)
            {
                resolved[id] = destination;
                continue;
            }

            var live = instances.Track(track)
                .Where(i => i.Value.Ready && i.Value.Models.GetValueOrDefault(model)?.Version is not null)
                .OrderBy(i => i.Key, StringComparer.Ordinal)
                .ToList();
            if (live.Count == 0)
            {
                resolved[id] = destination;
                continue;
            }

            foreach (var (instance, heartbeat) in live)
            {
                resolved[$"{id}/{instance}"] = destination with { Address = heartbeat.Address, Health = null };
            }
        }

        return new(new ResolvedDestinationCollection(resolved, changeToken));
    }
}
