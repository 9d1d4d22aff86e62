using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Access;

/// <summary>Finds the caller a presented API key belongs to. Keys are compared by their SHA-256, so lookup time says nothing about how much of a key matched.</summary>
internal sealed class ApiKeyDirectory
{
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private volatile Dictionary<string, (string Name, ApiKeyOptions Options)> _byHash;

    public ApiKeyDirectory(IOptionsMonitor<GatewayOptions> options)
    {
        _options = options;
        _byHash = Build(options.CurrentValue);
        options.OnChange(o => _byHash = Build(o));
    }

    public AccessOptions Settings => _options.CurrentValue.Access;

    public bool TryFind(string? presented, out string name, out ApiKeyOptions key)
    {
        (name, key) = (presented is { Length: > 0 } && _byHash.TryGetValue(Hash(presented), out var found)) ? found : ("", null!);
        return key is not null;
    }

    private static Dictionary<string, (string, ApiKeyOptions)> Build(GatewayOptions options) =>
        options.Access.ApiKeys.Where(k => k.Value.Key.Length > 0).ToDictionary(k => Hash(k.Value.Key), k => (k.Key, k.Value), StringComparer.Ordinal);

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
