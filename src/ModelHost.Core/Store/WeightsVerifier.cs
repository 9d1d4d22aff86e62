using System.Security.Cryptography;

namespace ModelHost.Store;

/// <summary>Checks weights against the SHA-256 their manifest promises.</summary>
internal static class WeightsVerifier
{
    public static string Hash(ReadOnlySpan<byte> weights) => Convert.ToHexStringLower(SHA256.HashData(weights));

    public static void Verify(string model, string version, ReadOnlySpan<byte> weights, string? expected)
    {
        if (expected is null)
        {
            return;
        }

        var actual = Hash(weights);
        if (actual != expected)
        {
            throw new ModelStoreException(model, version, $"sha256 mismatch: the manifest says {expected}, the weights hash to {actual}");
        }
    }
}
