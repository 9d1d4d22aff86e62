using System.Buffers;
using Newtonsoft.Json;

namespace Gateway.Pipeline.Intake;

/// <summary>
/// Lends Newtonsoft's reader its character buffers from a pool of its own instead of allocating them per body. The
/// pool keeps buffers up to 64 K characters, enough for any ordinary body; a larger one (a hostile 500,000-character
/// string) is allocated and left to the GC. The shared pool would keep such buffers, one per thread and more per
/// core, so the gateway's heap after a full collection grew by megabytes with each new thread that met one.
/// </summary>
internal sealed class JsonCharPool : IArrayPool<char>
{
    public static readonly JsonCharPool Instance = new();

    private readonly ArrayPool<char> _pool = ArrayPool<char>.Create(maxArrayLength: 64 * 1024, maxArraysPerBucket: 64);

    public char[] Rent(int minimumLength) => _pool.Rent(minimumLength);

    public void Return(char[]? array)
    {
        if (array is not null)
        {
            _pool.Return(array);
        }
    }
}
