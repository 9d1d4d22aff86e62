using System.Security.Cryptography;
using System.Text;

namespace Gateway.Caching;

/// <summary>
/// Seals each cache entry with an HMAC-SHA256 over its cache key and its bytes, under <c>Gateway:Cache:SigningKey</c>,
/// and opens it only when the MAC matches: whoever can write to Redis but does not hold the key can neither forge an
/// answer nor move a real one to another request's key. Without a configured key (a single gateway with the in-memory
/// cache) each process draws a random one.
/// </summary>
internal sealed class CacheEntrySeal
{
    private const byte Format = 2;
    private const int MacLength = HMACSHA256.HashSizeInBytes;

    private readonly byte[] _key;

    public CacheEntrySeal(string? signingKey) =>
        _key = string.IsNullOrEmpty(signingKey) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(signingKey);

    /// <summary>Format byte, the MAC, then the entry.</summary>
    public byte[] Seal(string cacheKey, byte[] entry)
    {
        var sealedEntry = new byte[1 + MacLength + entry.Length];
        sealedEntry[0] = Format;
        entry.CopyTo(sealedEntry, 1 + MacLength);
        Mac(cacheKey, entry, sealedEntry.AsSpan(1, MacLength));
        return sealedEntry;
    }

    /// <returns>The entry, or null when it is not sealed in this format (a miss) or its MAC does not match (<paramref name="forged"/>).</returns>
    public byte[]? Open(string cacheKey, byte[] sealedEntry, out bool forged)
    {
        forged = false;
        if (sealedEntry.Length < 1 + MacLength || sealedEntry[0] != Format)
        {
            return null;
        }

        var entry = sealedEntry.AsSpan(1 + MacLength);
        Span<byte> expected = stackalloc byte[MacLength];
        Mac(cacheKey, entry, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, sealedEntry.AsSpan(1, MacLength)))
        {
            forged = true;
            return null;
        }

        return entry.ToArray();
    }

    // The key's length first, so no key and entry can be cut apart differently into the same bytes.
    private void Mac(string cacheKey, ReadOnlySpan<byte> entry, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        var keyBytes = Encoding.UTF8.GetBytes(cacheKey);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, keyBytes.Length);
        hmac.AppendData(length);
        hmac.AppendData(keyBytes);
        hmac.AppendData(entry);
        hmac.GetHashAndReset(mac);
    }
}
