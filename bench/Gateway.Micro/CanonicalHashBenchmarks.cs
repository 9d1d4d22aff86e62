using BenchmarkDotNet.Attributes;
using Gateway.Caching;
using Gateway.Pipeline.Intake;
using Newtonsoft.Json.Linq;

namespace Gateway.Micro;

/// <summary>
/// The result-cache key of a parsed churn body, a different body on every call: SHA-256 of its canonical form alone,
/// and the whole key the gateway looks up (API, model, version and that hash as lower-case hex).
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
    public string CacheKeyForVersion() => new CacheKey(Apis.V1, "churn", Next()).For("1.1.0");

    private JToken Next() => _bodies[_next++ & (ChurnBodies.Count - 1)];
}
