using System.Net;

namespace Testing;

/// <summary>Prediction calls as real traffic makes them: each from its own end user (named by a trusted key), never answered from the cache.</summary>
public static class FleetCalls
{
    public static async Task<HttpStatusCode> PredictAsync(LoopbackServer gateway, int user, string callers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(user % 500, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", GatewayServer.TrustedApiKey);
        request.Headers.Add("X-User-Id", $"{callers}-{user}");
        request.Headers.CacheControl = new() { NoCache = true };
        using var response = await gateway.Client.SendAsync(request);
        return response.StatusCode;
    }
}
