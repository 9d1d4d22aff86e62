using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Gateway.Backends;

/// <summary>
/// Asks each model's clusters (stable and canary) which version it serves, and what its manifest says of it
/// (<c>GET /v2/models/{model}</c> on a healthy destination), every
/// <see cref="GatewayOptions.VersionPollSeconds"/>. A backend that swaps versions behind the gateway's back is seen
/// within one interval, so cached answers of the old version stop being served; answers seen in passing update it sooner.
/// </summary>
internal sealed class TrackVersionMonitor(
    IOptionsMonitor<GatewayOptions> options,
    IProxyStateLookup proxyState,
    TrackVersions versions,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<TrackVersionMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(nameof(TrackVersionMonitor));
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var (model, route) in options.CurrentValue.Models)
            {
                await PollAsync(http, route.StableCluster, model, stoppingToken);
                if (route.CanaryCluster.Length > 0)
                {
                    await PollAsync(http, route.CanaryCluster, model, stoppingToken);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.VersionPollSeconds), time, stoppingToken);
        }
    }

    private async Task PollAsync(HttpClient http, string cluster, string model, CancellationToken cancellationToken)
    {
        if (!proxyState.TryGetCluster(cluster, out var state))
        {
            return;
        }

        var destinations = state.DestinationsState.AvailableDestinations;
        if (destinations.Count == 0)
        {
            destinations = state.DestinationsState.AllDestinations;
        }

        foreach (var destination in destinations)
        {
            try
            {
                var address = new Uri(new Uri(destination.Model.Config.Address.TrimEnd('/') + "/"), $"v2/models/{Uri.EscapeDataString(model)}");
                var metadata = await http.GetFromJsonAsync<JsonObject>(address, cancellationToken);
                if (metadata?["versions"]?[0]?.GetValue<string>() is { } version)
                {
                    versions.Set(cluster, model, version);
                    if (ModelFacts.From(version, metadata["manifest"]) is { } facts)
                    {
                        versions.SetFacts(cluster, model, facts);
                    }

                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
            {
                Log.VersionPollFailed(logger, model, cluster, destination.DestinationId, e.Message);
            }
        }
    }
}
