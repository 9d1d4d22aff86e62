using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Testing;

/// <summary>Sends JSON bodies as raw text, so tests can send what no serializer would.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, JsonNode body) =>
        client.PostRawAsync(path, body.ToJsonString());

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;
}
