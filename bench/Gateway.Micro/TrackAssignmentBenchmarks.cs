using BenchmarkDotNet.Attributes;
using Gateway.Assignment;

namespace Gateway.Micro;

/// <summary>
/// One track assignment for churn (canary at 10 %) as the gateway makes it: a caller never seen before, which
/// Microsoft.FeatureManagement evaluates, against a caller seen before, whose answer is remembered, and a call with no
/// caller id, which is a draw. A new caller's id is formatted in the call, as the gateway builds one per request.
/// </summary>
[MemoryDiagnoser]
public class TrackAssignmentBenchmarks
{
    private const int SeenCallers = 1000;
    private GatewayServices _gateway = null!;
    private TrackAssigner _assigner = null!;
    private string[] _seen = [];
    private long _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _gateway = GatewayServices.Build();
        if (_gateway.Flags.Share("churn") is <= 0 or >= 100)
        {
            throw new InvalidOperationException("churn's canary share in src/Gateway/flags.json must be between 0 and 100 % to measure assignment.");
        }

        _assigner = _gateway.Assigner;
        _seen = [.. Enumerable.Range(0, SeenCallers).Select(i => $"key:bench:user:seen-{i}")];
        foreach (var caller in _seen)
        {
            await _assigner.AssignAsync("churn", caller, CancellationToken.None);
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _gateway.DisposeAsync();

    [Benchmark(Baseline = true)]
    public async ValueTask<int> NewCaller() => (int)await _assigner.AssignAsync("churn", $"key:bench:user:new-{_next++}", CancellationToken.None);

    [Benchmark]
    public async ValueTask<int> SeenCaller() => (int)await _assigner.AssignAsync("churn", _seen[_next++ % SeenCallers], CancellationToken.None);

    [Benchmark]
    public async ValueTask<int> NoCallerId() => (int)await _assigner.AssignAsync("churn", null, CancellationToken.None);
}
