using System.Net.Http.Headers;
using Gateway.Canary;
using Gateway.Routing;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gateway.Admin;

/// <summary>
/// Promotes a model's canary version to stable: every stable ModelHost loads it hot through the repository API
/// (<c>POST /v2/repository/models/{name}/load</c>), then the canary goes to 0 % and the audit names both versions.
/// If any stable host refuses, those already switched are put back and nothing else changes. With ShadowCompare
/// configured, a candidate that fails its promotion gate is refused unless the promotion is forced with a reason. The cache follows by
/// itself: its keys hold the track's version.
/// </summary>
internal sealed class Promotion(
    IOptionsMonitor<GatewayOptions> options,
    IProxyStateLookup proxyState,
    TrackVersions versions,
    FlagStore store,
    IHttpClientFactory httpClients,
    PromotionGate gate,
    GatewayMetrics metrics)
{
    public const string HttpClientName = "modelhost-repository";

    /// <returns>The audit record, or null with the status and reason it was refused.</returns>
    public async Task<(AuditRecord? Record, int Status, string Error)> PromoteAsync(string model, string actor, string reason, bool force, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var route = settings.Models[model];
        if (route.CanaryCluster.Length == 0)
        {
            return (null, StatusCodes.Status409Conflict, $"Model '{model}' has no canary track to promote.");
        }

        if (settings.ModelHostToken.Length == 0)
        {
            return (null, StatusCodes.Status409Conflict, "Promotion needs Gateway:ModelHostToken, the ModelHosts' admin token.");
        }

        var candidate = versions.Get(route.CanaryCluster, model);
        if (candidate is null)
        {
            return (null, StatusCodes.Status409Conflict, $"The canary's version of '{model}' is not known yet: no canary backend has answered.");
        }

        var overridden = false;
        if (gate.IsConfigured)
        {
            var verdict = await gate.CheckAsync(model, candidate, cancellationToken);
            if (!verdict.Passed && !force)
            {
                return (null, StatusCodes.Status409Conflict,
                    $"{model} {candidate} does not pass the promotion gate: {verdict.Reason}. To promote anyway, send {{\"force\": true, \"reason\": \"…\"}}.");
            }

            overridden = !verdict.Passed;
            reason = overridden ? $"{reason} (forced past the gate: {verdict.Reason})" : reason;
        }

        if (!proxyState.TryGetCluster(route.StableCluster, out var stable) || stable.DestinationsState.AllDestinations.Count == 0)
        {
            return (null, StatusCodes.Status409Conflict, $"The stable cluster '{route.StableCluster}' has no backends.");
        }

        var from = versions.Get(route.StableCluster, model);
        var http = httpClients.CreateClient(HttpClientName);
        var switched = new List<DestinationState>();
        foreach (var destination in stable.DestinationsState.AllDestinations)
        {
            var error = await LoadAsync(http, destination, model, candidate, settings.ModelHostToken, cancellationToken);
            if (error is not null)
            {
                if (from is not null)
                {
                    foreach (var done in switched)
                    {
                        await LoadAsync(http, done, model, from, settings.ModelHostToken, CancellationToken.None);
                    }
                }

                return (null, StatusCodes.Status502BadGateway,
                    $"Stable backend '{destination.DestinationId}' did not load {model} {candidate}: {error}. The stable track still serves {from ?? "its previous version"}.");
            }

            switched.Add(destination);
        }

        versions.Set(route.StableCluster, model, candidate);
        metrics.RecordPromotion(model);
        var change = await store.SetShareAsync(model, 0, AuditActions.Promote, actor, reason, new PromotedVersions(from, candidate, overridden), cancellationToken: cancellationToken);
        return change.Outcome == FlagsChangeOutcome.Applied
            ? (change.Record, StatusCodes.Status200OK, "")
            : (null, StatusCodes.Status503ServiceUnavailable,
                $"Stable now serves {model} {candidate}, but the control plane could not be reached to set the canary share to 0: set it when it is back.");
    }

    private static async Task<string?> LoadAsync(HttpClient http, DestinationState destination, string model, string version, string token, CancellationToken cancellationToken)
    {
        var address = new Uri(new Uri(destination.Model.Config.Address.TrimEnd('/') + "/"), $"v2/repository/models/{Uri.EscapeDataString(model)}/load");
        using var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { parameters = new { version } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }
}
