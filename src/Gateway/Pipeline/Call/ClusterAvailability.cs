using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gateway.Pipeline.Call;

/// <summary>Whether a cluster has a healthy destination to send a call to, as YARP's health checks see it now.</summary>
internal static class ClusterAvailability
{
    // On the request path for every canary call: a count, not a LINQ scan with its closure.
    public static bool HasHealthyDestination(this IProxyStateLookup proxyState, string cluster, DestinationState? except = null)
    {
        if (!proxyState.TryGetCluster(cluster, out var state))
        {
            return false;
        }

        var available = state.DestinationsState.AvailableDestinations;
        return available.Count > 1 || (available.Count == 1 && available[0] != except);
    }
}
