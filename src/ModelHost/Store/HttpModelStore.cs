using System.Net;

namespace ModelHost.Store;

/// <summary>
/// A model store behind an HTTP(S) base URL with the folder layout, plus <c>index.json</c> listing the versions.
/// Every version needs a <c>model.json</c> with its sha256: weights are verified, then cached on disk by hash.
/// </summary>
internal sealed class HttpModelStore(HttpClient http, Uri baseUri, string cacheDirectory) : IModelStore
{
    public static bool IsHttpUrl(string store) =>
        Uri.TryCreate(store, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(CancellationToken cancellationToken)
    {
        var index = new Uri(baseUri, ModelHostConfig.StoreIndexFile);
        using var response = await http.GetAsync(index, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelStoreException("*", "*", $"the store's {index} answered {(int)response.StatusCode}; it lists the versions 'latest' chooses from");
        }

        var document = await response.Content.ReadFromJsonAsync<StoreIndex>(cancellationToken);
        return (document?.Models ?? []).Where(m => ModelName.IsValid(m.Key))
            .ToDictionary(m => m.Key, m => (IReadOnlyList<string>)[.. m.Value.Where(v => ModelVersion.TryParse(v, out _))], StringComparer.Ordinal);
    }

    public async Task<ModelArtifact> FetchAsync(string model, string version, CancellationToken cancellationToken)
    {
        var folder = new Uri(baseUri, $"{Uri.EscapeDataString(model)}/{Uri.EscapeDataString(version)}/");
        var manifestBytes = await GetBytesAsync(model, version, new Uri(folder, ModelHostConfig.ManifestFile), cancellationToken);
        var manifest = ManifestReader.Parse(model, version, manifestBytes);
        if (manifest.Sha256 is null)
        {
            throw new ModelStoreException(model, version, "an HTTP store needs sha256 in model.json to verify downloaded weights");
        }

        var cached = Path.Combine(cacheDirectory, $"{manifest.Sha256}.onnx");
        if (File.Exists(cached))
        {
            var bytes = await File.ReadAllBytesAsync(cached, cancellationToken);
            if (WeightsVerifier.Hash(bytes) == manifest.Sha256)
            {
                return new ModelArtifact(model, version, bytes, manifest);
            }
        }

        var weights = await GetBytesAsync(model, version, new Uri(folder, ModelHostConfig.WeightsFile), cancellationToken);
        WeightsVerifier.Verify(model, version, weights, manifest.Sha256);
        await CacheAsync(cached, weights, cancellationToken);
        return new ModelArtifact(model, version, weights, manifest);
    }

    private async Task<byte[]> GetBytesAsync(string model, string version, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadAsByteArrayAsync(cancellationToken)
                : throw new ModelStoreException(model, version, $"{uri} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            throw new ModelStoreException(model, version, $"{uri} could not be fetched: {e.Message}", e);
        }
    }

    // Written to a temporary name and renamed, so a crash mid-write never leaves a partial file under the hash's name.
    private static async Task CacheAsync(string path, byte[] weights, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.part";
        await File.WriteAllBytesAsync(temporary, weights, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record StoreIndex(Dictionary<string, string[]>? Models);
}
