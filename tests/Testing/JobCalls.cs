using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Testing;

/// <summary>The jobs API as a client drives it: submit a dataset, wait for the job to finish, read its results.</summary>
public static class JobCalls
{
    public static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient gateway, IEnumerable<string> lines, string? apiKey = GatewayServer.TrustedApiKey, string model = "churn", string contentType = "application/x-ndjson", string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}/jobs{query}")
        {
            Content = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await gateway.SendAsync(request);
    }

    /// <summary>Submits and returns the job's id, asserting it was accepted.</summary>
    public static async Task<string> StartAsync(HttpClient gateway, IEnumerable<string> lines, string? apiKey = GatewayServer.TrustedApiKey)
    {
        using var response = await SubmitAsync(gateway, lines, apiKey);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {body}");
        }

        return (string)JsonNode.Parse(body)!["id"]!;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, string path, string? apiKey = GatewayServer.TrustedApiKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await gateway.SendAsync(request);
    }

    public static async Task<JsonObject> StatusAsync(HttpClient gateway, string id, string? apiKey = GatewayServer.TrustedApiKey)
    {
        using var response = await SendAsync(gateway, HttpMethod.Get, $"/v1/jobs/{id}", apiKey);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Polls the job until it has finished (succeeded, failed or cancelled) and returns its status.</summary>
    public static async Task<JsonObject> FinishedAsync(HttpClient gateway, string id, TimeSpan? timeout = null, string? apiKey = GatewayServer.TrustedApiKey)
    {
        JsonObject status = [];
        await Readiness.UntilAsync(async () =>
        {
            status = await StatusAsync(gateway, id, apiKey);
            return (string?)status["state"] is "succeeded" or "failed" or "cancelled";
        }, timeout ?? TimeSpan.FromSeconds(120), $"job {id} to finish");
        return status;
    }

    /// <summary>
    /// Whether a job's prediction is the one <c>:predict</c> gives for the row alone: the same fields, labels and
    /// flags, and numbers equal to float32 precision. ONNX Runtime's kernels round the last bit of a row differently in
    /// a batch than alone (ModelHost's dynamic batching does the same to online calls), so 0.9381325 and 0.9381326 are
    /// the same answer.
    /// </summary>
    public static bool SamePrediction(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (JsonObject e, JsonObject a) => e.Count == a.Count && e.All(p => a.ContainsKey(p.Key) && SamePrediction(p.Value, a[p.Key])),
        (JsonArray e, JsonArray a) => e.Count == a.Count && e.Zip(a).All(p => SamePrediction(p.First, p.Second)),
        (JsonValue e, JsonValue a) when e.TryGetValue<double>(out var x) && a.TryGetValue<double>(out var y) =>
            Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))),
        _ => JsonNode.DeepEquals(expected, actual),
    };

    public static async Task<List<JsonObject>> ResultsAsync(HttpClient gateway, string id, string? apiKey = GatewayServer.TrustedApiKey)
    {
        using var response = await SendAsync(gateway, HttpMethod.Get, $"/v1/jobs/{id}/results", apiKey);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }
}
