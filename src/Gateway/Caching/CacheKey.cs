using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace Gateway.Caching;

/// <summary>
/// The key of an answer: API, model, the model version of the track that serves it, and SHA-256 of the canonical body.
/// A new version is a new key space, so answers of an old version are never served after a swap or promotion.
/// </summary>
/// <param name="api">The API the call speaks.</param>
/// <param name="model">The model called.</param>
/// <param name="json">The parsed body.</param>
/// <param name="binaryBody">The whole body when raw tensor bytes follow its JSON header: those are hashed as they are.</param>
internal sealed class CacheKey(string api, string model, JToken json, byte[]? binaryBody = null)
{
    private string? _bodyHash;

    public string For(string modelVersion) => $"gw:{api}:{model}:{modelVersion}:{BodyHash}";

    // Computed once per request, on first use, whether for the lookup or the store.
    private string BodyHash => _bodyHash ??= Convert.ToHexStringLower(binaryBody is not null ? SHA256.HashData(binaryBody) : CanonicalJson.Sha256(json));
}
