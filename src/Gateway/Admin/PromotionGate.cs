using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Gateway.Admin;

/// <summary>
/// Asks ShadowCompare whether a candidate version passes the promotion gate (<c>GET /v1/gate</c>, thresholds from
/// ShadowCompare's configuration). When ShadowCompare cannot answer, the gate is closed: a promotion then needs force.
/// With no <c>Gateway:Shadow:CompareUrl</c> there is no gate.
/// </summary>
internal sealed class PromotionGate(IOptionsMonitor<GatewayOptions> options, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "promotion-gate";

    /// <summary>The gate's answer: passed or not, with its one-line reason and the candidate's release score (0 to 100) when it has one.</summary>
    public sealed record Verdict(
        [property: JsonPropertyName("passed")] bool Passed, [property: JsonPropertyName("reason")] string Reason, [property: JsonPropertyName("score")] double? Score = null);

    public bool IsConfigured => options.CurrentValue.Shadow.CompareUrl.Length > 0;

    /// <summary>Asks the gate about the candidate against the stable version it would replace (when known; else ShadowCompare's default baseline).</summary>
    public async Task<Verdict> CheckAsync(string model, string candidate, string? baseline, CancellationToken cancellationToken)
    {
        var address = new Uri(new Uri(options.CurrentValue.Shadow.CompareUrl.TrimEnd('/') + "/"),
            $"v1/gate?model={Uri.EscapeDataString(model)}&candidate={Uri.EscapeDataString(candidate)}"
            + (baseline is null ? "" : $"&baseline={Uri.EscapeDataString(baseline)}"));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Authorization = new("Bearer", options.CurrentValue.Shadow.CompareToken);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new Verdict(false, $"ShadowCompare's gate answered {(int)response.StatusCode}");
            }

            var verdict = await response.Content.ReadFromJsonAsync<Verdict>(cancellationToken);
            return verdict ?? new Verdict(false, "ShadowCompare's gate gave no verdict");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return new Verdict(false, $"ShadowCompare's gate could not be asked: {e.Message}");
        }
    }
}
