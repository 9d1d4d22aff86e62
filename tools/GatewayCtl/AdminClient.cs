using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatewayCtl;

/// <summary>Calls the gateway's admin API with a bearer token; a refusal or an unreachable gateway becomes an <see cref="AdminCallException"/>.</summary>
internal sealed class AdminClient(HttpClient http, Uri baseAddress, string token)
{
    /// <returns>The answer's JSON.</returns>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AdminCallException(ExitCodes.Unreachable, $"{baseAddress} could not be reached: {e.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AdminCallException(ExitCodes.Refused, $"{method} {path} answered {(int)response.StatusCode}: {Reason(text)}");
            }

            try
            {
                return JsonSerializer.Deserialize<JsonElement>(text);
            }
            catch (JsonException)
            {
                throw new AdminCallException(ExitCodes.Refused, $"{method} {path} answered {(int)response.StatusCode} with something other than JSON");
            }
        }
    }

    // A problem's detail (or title); else the body as it came.
    private static string Reason(string body)
    {
        try
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(body);
            foreach (var name in (string[])["detail", "title"])
            {
                if (problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
        }

        return body.Length == 0 ? "(no reason given)" : body;
    }
}
