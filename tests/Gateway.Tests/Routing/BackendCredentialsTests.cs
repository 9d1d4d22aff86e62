using System.Collections.Concurrent;
using System.Net;

namespace Gateway.Tests.Routing;

/// <summary>A caller's credentials are the gateway's to check: none of them reaches the model backend that answers.</summary>
public sealed class BackendCredentialsTests
{
    private const string Bearer = "caller-bearer-token-5d1a7e";
    private const string Cookie = "caller-session-cookie-9f04";

    [Fact]
    public async Task Predict_WithKeyBearerCookieAndProxyAuthorization_BackendSeesNoneOfThem()
    {
        var seen = new ConcurrentQueue<string>();
        await using var backend = await ScriptedBackend.StartRecordingHeadersAsync(seen);
        await using var gateway = await GatewayServer.StartAsync(backend.BaseAddress);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn:predict")
        {
            Content = new StringContent(ChurnSamples.PredictBody(3, 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", GatewayServer.TrustedApiKey);
        request.Headers.Authorization = new("Bearer", Bearer);
        request.Headers.Add("Cookie", $"session={Cookie}");
        request.Headers.Add("Proxy-Authorization", $"Basic {Bearer}");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = string.Join('\n', seen);
        Assert.Contains("Content-Type", headers, StringComparison.OrdinalIgnoreCase);
        foreach (var secret in new[] { GatewayServer.TrustedApiKey, Bearer, Cookie })
        {
            Assert.DoesNotContain(secret, headers, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Authorization", headers, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Cookie", headers, StringComparison.OrdinalIgnoreCase);
    }
}
