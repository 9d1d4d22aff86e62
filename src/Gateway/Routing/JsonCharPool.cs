using System.Buffers;
using Newtonsoft.Json;

namespace Gateway.Routing;

/// <summary>Lends Newtonsoft's reader its character buffers from the shared pool instead of allocating them per body.</summary>
internal sealed class JsonCharPool : IArrayPool<char>
{
    public static readonly JsonCharPool Instance = new();

    public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

    public void Return(char[]? array)
    {
        if (array is not null)
        {
            ArrayPool<char>.Shared.Return(array);
        }
    }
}
