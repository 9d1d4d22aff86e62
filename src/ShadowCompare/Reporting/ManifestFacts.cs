using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShadowCompare.Reporting;

/// <summary>
/// Reads the compared versions' manifests from the model store (<c>ShadowCompare:ModelStore</c>, a folder or an
/// http(s) URL laid out as ModelHost's: <c>{model}/{version}/model.json</c>) for the report. A version whose manifest
/// cannot be read is left out of the facts, never out of the report. A manifest does not change once published, so
/// each is read once.
/// </summary>
internal static class ManifestFacts
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly ConcurrentDictionary<(string Store, string Model, string Version), JsonObject> Read = new();

    public static IReadOnlyList<VersionFacts> For(string store, string model, string candidate, IEnumerable<string> baselines)
    {
        if (store.Length == 0)
        {
            return [];
        }

        var facts = new List<VersionFacts>();
        foreach (var (version, role) in baselines.Select(b => (b, "baseline")).Prepend((candidate, "candidate")))
        {
            if (Manifest(store, model, version) is { } manifest)
            {
                facts.Add(new VersionFacts(
                    version,
                    role,
                    manifest["description"]?.GetValueKind() == JsonValueKind.String ? (string?)manifest["description"] : null,
                    manifest["changelog"] is JsonArray changes ? [.. changes.Where(c => c?.GetValueKind() == JsonValueKind.String).Select(c => (string)c!)] : [],
                    manifest["metrics"] as JsonObject));
            }
        }

        return facts;
    }

    private static JsonObject? Manifest(string store, string model, string version)
    {
        // Names come from stored comparisons: only a plain folder name may become part of a path or URL.
        if (!IsPlainName(model) || !IsPlainName(version))
        {
            return null;
        }

        if (Read.TryGetValue((store, model, version), out var known))
        {
            return known;
        }

        try
        {
            var bytes = Uri.TryCreate(store, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? Download(new Uri(new Uri(store.EndsWith('/') ? store : store + "/"), $"{model}/{version}/model.json"))
                : File.ReadAllBytes(Path.Combine(store, model, version, "model.json"));
            if (JsonNode.Parse(bytes) is not JsonObject manifest)
            {
                return null;
            }

            Read[(store, model, version)] = manifest;
            return manifest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    private static byte[] Download(Uri url)
    {
        using var response = Http.Send(new HttpRequestMessage(HttpMethod.Get, url));
        response.EnsureSuccessStatusCode();
        using var stream = response.Content.ReadAsStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 128 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
