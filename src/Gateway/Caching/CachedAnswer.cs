using System.Buffers.Binary;
using System.Text;

namespace Gateway.Caching;

/// <summary>A successful answer as stored in the cache: content type, model version and body.</summary>
internal sealed record CachedAnswer(string ContentType, string ModelVersion, byte[] Body)
{
    private const byte Format = 1;

    // Layout: format byte, two length-prefixed UTF-8 strings (u16 little-endian), then the body.
    public byte[] Encode()
    {
        var type = Encoding.UTF8.GetBytes(ContentType);
        var version = Encoding.UTF8.GetBytes(ModelVersion);
        var bytes = new byte[1 + 2 + type.Length + 2 + version.Length + Body.Length];
        var span = bytes.AsSpan();
        span[0] = Format;
        BinaryPrimitives.WriteUInt16LittleEndian(span[1..], (ushort)type.Length);
        type.CopyTo(span[3..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(3 + type.Length)..], (ushort)version.Length);
        version.CopyTo(span[(5 + type.Length)..]);
        Body.CopyTo(span[(5 + type.Length + version.Length)..]);
        return bytes;
    }

    /// <returns>The answer, or null for bytes of another format (an entry from another release is a miss, not an error).</returns>
    public static CachedAnswer? Decode(byte[] bytes)
    {
        if (bytes.Length < 5 || bytes[0] != Format)
        {
            return null;
        }

        var span = bytes.AsSpan();
        var typeLength = BinaryPrimitives.ReadUInt16LittleEndian(span[1..]);
        if (bytes.Length < 5 + typeLength)
        {
            return null;
        }

        var versionLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(3 + typeLength)..]);
        var bodyStart = 5 + typeLength + versionLength;
        return bytes.Length < bodyStart
            ? null
            : new CachedAnswer(
                Encoding.UTF8.GetString(span.Slice(3, typeLength)),
                Encoding.UTF8.GetString(span.Slice(5 + typeLength, versionLength)),
                span[bodyStart..].ToArray());
    }
}
