using BenchmarkDotNet.Attributes;
using Gateway.Caching;
using Gateway.Routing;
using Newtonsoft.Json.Linq;

namespace Gateway.Micro;

/// <summary>
/// The body's part of a result-cache key: SHA-256 of the canonical form of a parsed churn body, a different body on
/// every call, and that hash as the lower-case hex the key carries.
/// </summary>
[MemoryDiagnoser]
public class CanonicalHashBenchmarks
{
    private JToken[] _bodies = [];
    private int _next;

    [GlobalSetup]
    public void Setup() =>
        _bodies = [.. ChurnBodies.Create().Select(body => JsonBodyParser.TryParse(body, out var error) ?? throw new InvalidOperationException(error))];

    [Benchmark(Baseline = true)]
    public byte[] CanonicalSha256() => CanonicalJson.Sha256(Next());

    [Benchmark]
    public string CanonicalSha256Hex() => Convert.ToHexStringLower(CanonicalJson.Sha256(Next()));

    private JToken Next() => _bodies[_next++ & (ChurnBodies.Count - 1)];
}
