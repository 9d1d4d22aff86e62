using System.Security.Cryptography;
using Gateway.Routing;

namespace Gateway.Caching;

/// <summary>
/// The key of an answer: API, model, the model version of the track that serves it, and SHA-256 of the canonical body.
/// A new version is a new key space, so answers of an old version are never served after a swap or promotion.
/// </summary>
internal sealed class CacheKey(GatewayRequest request)
{
    private string? _bodyHash;

    public string For(string modelVersion) => $"gw:{request.Api}:{request.Model}:{modelVersion}:{BodyHash}";

    // Computed once per request, on first use, whether for the lookup or the store.
    // A binary-tensor body carries raw bytes after its JSON header: those are hashed as they are.
    private string BodyHash => _bodyHash ??= Convert.ToHexStringLower(
        request.HasBinaryData ? SHA256.HashData(request.Body) : CanonicalJson.Sha256(request.Json));
}
