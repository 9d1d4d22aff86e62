using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Testing;

/// <summary>The gateway's admin API as a test drives it, with the test token.</summary>
public static class AdminCalls
{
    public static Task<HttpResponseMessage> SendAdminAsync(this HttpClient gateway, HttpMethod method, string path, object? body = null, string? token = GatewayServer.AdminToken)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return gateway.SendAsync(request);
    }

    public static async Task SetCanaryAsync(this HttpClient gateway, double percent, string model = "churn")
    {
        using var response = await gateway.SendAdminAsync(HttpMethod.Put, $"/admin/models/{model}/canary", new { percent, reason = "test" });
        response.EnsureSuccessStatusCode();
    }

    public static async Task<JsonObject> ModelStatusAsync(this HttpClient gateway, string model = "churn")
    {
        using var response = await gateway.SendAdminAsync(HttpMethod.Get, $"/admin/models/{model}");
        response.EnsureSuccessStatusCode();
        return await response.ReadObjectAsync();
    }
}
