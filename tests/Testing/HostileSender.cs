namespace Testing;

/// <summary>Sends hostile requests, where a refusal may also be the connection closing under a body too large to read.</summary>
public static class HostileSender
{
    /// <returns>The status, or null when the server answered before the whole body was sent and closed the connection (a refusal).</returns>
    public static async Task<System.Net.HttpStatusCode?> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode;
        }
        catch (HttpRequestException e) when (e.InnerException is IOException && request.Content?.Headers.ContentLength > 1024 * 1024)
        {
            return null;
        }
    }
}
