using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModelHost.Store;

/// <summary>
/// A model store behind an HTTP(S) base URL with the folder layout, plus <c>index.json</c> listing the versions.
/// Every version needs a <c>model.json</c> with its sha256. Weights are streamed to a file in the cache, hashed on the
/// way and cut off past <c>maxModelBytes</c> (<c>ModelHost:MaxModelBytes</c>), and kept (under their hash) only when the hash
/// matches; small documents (index, manifest) are read under a cap of their own.
/// </summary>
internal sealed class HttpModelStore(HttpClient http, Uri baseUri, string cacheDirectory, long maxModelBytes) : IModelStore
{
    private const long MaxDocumentBytes = 4 * 1024 * 1024;

    public static bool IsHttpUrl(string store) =>
        Uri.TryCreate(store, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Whether a store URL needs no opt-in: https, or plain http on this machine's loopback.</summary>
    public static bool IsTrusted(Uri store) =>
        store.Scheme == Uri.UriSchemeHttps || store.IsLoopback;

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListAsync(CancellationToken cancellationToken)
    {
        var index = new Uri(baseUri, ModelHostConfig.StoreIndexFile);
        StoreIndex? document;
        try
        {
            document = JsonSerializer.Deserialize<StoreIndex>(await GetDocumentAsync("*", "*", index, cancellationToken), JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            throw new ModelStoreException("*", "*", $"the store's {index} is not a JSON index: {e.Message}", e);
        }

        return (document?.Models ?? []).Where(m => ModelName.IsValid(m.Key))
            .ToDictionary(m => m.Key, m => (IReadOnlyList<string>)[.. m.Value.Where(v => ModelVersion.TryParse(v, out _))], StringComparer.Ordinal);
    }

    public async Task<ModelArtifact> FetchAsync(string model, string version, CancellationToken cancellationToken)
    {
        var folder = new Uri(baseUri, $"{Uri.EscapeDataString(model)}/{Uri.EscapeDataString(version)}/");
        var manifestBytes = await GetDocumentAsync(model, version, new Uri(folder, ModelHostConfig.ManifestFile), cancellationToken);
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

        await DownloadAsync(model, version, new Uri(folder, ModelHostConfig.WeightsFile), manifest.Sha256, cached, cancellationToken);
        return new ModelArtifact(model, version, await File.ReadAllBytesAsync(cached, cancellationToken), manifest);
    }

    // To a temporary name, hashed as it arrives, renamed to the hash's name only when complete and matching: a crash,
    // a cut-off or a swapped file never leaves anything under that name.
    private async Task DownloadAsync(string model, string version, Uri uri, string sha256, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.part";
        try
        {
            using var response = await SendAsync(model, version, uri, maxModelBytes, cancellationToken);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxModelBytes)
                    {
                        throw new ModelStoreException(model, version, $"{uri} is over the limit of {maxModelBytes} bytes (ModelHost:MaxModelBytes)");
                    }

                    hash.AppendData(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != sha256)
            {
                throw new ModelStoreException(model, version, $"sha256 mismatch: the manifest says {sha256}, the weights hash to {actual}");
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (HttpRequestException e)
        {
            throw new ModelStoreException(model, version, $"{uri} could not be fetched: {e.Message}", e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<byte[]> GetDocumentAsync(string model, string version, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(model, version, uri, MaxDocumentBytes, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var copy = new MemoryStream();
            var buffer = new byte[16384];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (copy.Length + read > MaxDocumentBytes)
                {
                    throw new ModelStoreException(model, version, $"{uri} is over the limit of {MaxDocumentBytes} bytes for a store document");
                }

                copy.Write(buffer, 0, read);
            }

            return copy.ToArray();
        }
        catch (HttpRequestException e)
        {
            throw new ModelStoreException(model, version, $"{uri} could not be fetched: {e.Message}", e);
        }
    }

    // Headers only: the body is read by the caller, under its cap; a declared length over the cap fails at once.
    private async Task<HttpResponseMessage> SendAsync(string model, string version, Uri uri, long cap, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            throw new ModelStoreException(model, version, $"{uri} answered {(int)response.StatusCode}");
        }

        if (response.Content.Headers.ContentLength > cap)
        {
            response.Dispose();
            throw new ModelStoreException(model, version, $"{uri} is {response.Content.Headers.ContentLength} bytes, over the limit of {cap}");
        }

        return response;
    }

    private sealed record StoreIndex(Dictionary<string, string[]>? Models);
}
