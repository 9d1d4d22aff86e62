using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShadowCompare.Reporting;

/// <summary>
/// Reads the compared versions' manifests from the model store (<c>ShadowCompare:ModelStore</c>, a folder or an
/// http(s) URL laid out as ModelHost's: <c>{model}/{version}/model.json</c>) for a report. A version whose manifest
/// cannot be read is left out of the facts, never out of the report. A manifest does not change once published, so
/// each is read once; one that could not be read is not asked for again for half a minute, so a store that is down
/// costs a report one short wait, not one per request. Reports use it, and drift for the references: the gate needs no facts. The client comes
/// from <paramref name="http"/> on each read (in the service, <c>IHttpClientFactory</c>'s named client).
/// </summary>
internal sealed class ManifestFacts(Func<HttpClient> http, TimeProvider time)
{
    public const string HttpClientName = "model-store";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(string Store, string Model, string Version), JsonObject> _read = new();
    private readonly ConcurrentDictionary<(string Store, string Model, string Version), DateTimeOffset> _failed = new();

    /// <returns>The report with the candidate's and each baseline's facts, in that order.</returns>
    public async Task<ComparisonReport> AddToAsync(ComparisonReport report, string store, CancellationToken cancellationToken)
    {
        if (store.Length == 0)
        {
            return report;
        }

        var facts = new List<VersionFacts>();
        foreach (var (version, role) in report.Baselines.Select(b => (b, "baseline")).Prepend((report.Candidate, "candidate")))
        {
            if (await ManifestAsync(store, report.Model, version, cancellationToken) is { } manifest)
            {
                facts.Add(new VersionFacts(
                    version,
                    role,
                    manifest["description"]?.GetValueKind() == JsonValueKind.String ? (string?)manifest["description"] : null,
                    manifest["changelog"] is JsonArray changes ? [.. changes.Where(c => c?.GetValueKind() == JsonValueKind.String).Select(c => (string)c!)] : [],
                    manifest["metrics"]?.DeepClone() as JsonObject));
            }
        }

        return report with { Versions = facts };
    }

    /// <summary>A version's manifest from the store, or null when it cannot be read (not asked again for half a minute).</summary>
    public async Task<JsonObject?> ManifestAsync(string store, string model, string version, CancellationToken cancellationToken)
    {
        // Names come from stored comparisons: only a plain folder name may become part of a path or URL.
        if (!IsPlainName(model) || !IsPlainName(version))
        {
            return null;
        }

        var key = (store, model, version);
        if (_read.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_failed.TryGetValue(key, out var failed) && time.GetUtcNow() - failed < RetryAfter)
        {
            return null;
        }

        try
        {
            var bytes = Uri.TryCreate(store, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? await http().GetByteArrayAsync(new Uri(new Uri(store.EndsWith('/') ? store : store + "/"), $"{model}/{version}/model.json"), cancellationToken)
                : await File.ReadAllBytesAsync(Path.Combine(store, model, version, "model.json"), cancellationToken);
            if (JsonNode.Parse(bytes) is JsonObject manifest)
            {
                _read[key] = manifest;
                return manifest;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException or JsonException)
        {
            // Left out below.
        }

        _failed[key] = time.GetUtcNow();
        return null;
    }

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 128 && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+');
}
