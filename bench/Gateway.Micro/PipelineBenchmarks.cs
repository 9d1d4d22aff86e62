using System.Net;
using BenchmarkDotNet.Attributes;
using Gateway.Pipeline.Decide;
using Gateway.Pipeline.Intake;

namespace Gateway.Micro;

/// <summary>
/// The request path's own work before the call, per request, as the gateway does it: intake (the API key, reading the
/// body, parsing, validating, the caller and its track) and then decide (the cache key and a lookup that misses), on
/// a distinct body and a caller never seen before every time. The network is not in it: YARP's forward is measured
/// against nginx by bench/fullpath.sh.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private GatewayServices _gateway = null!;
    private IntakeStage _intake = null!;
    private DecideStage _decide = null!;
    private byte[][] _bodies = [];
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _gateway = GatewayServices.Build();
        _intake = _gateway.Service<IntakeStage>();
        _decide = _gateway.Service<DecideStage>();
        _bodies = ChurnBodies.Create();
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _gateway.DisposeAsync();

    // The stages' values are the gateway's own types, which a public benchmark cannot return: it returns what they hold.
    [Benchmark(Baseline = true)]
    public async Task<int> Intake() =>
        (int)(await _intake.TakeAsync(NewCall(), "churn", Apis.V1, RouteOperation.Call) ?? throw new InvalidOperationException("The call was refused.")).Choice.Track;

    [Benchmark]
    public async Task<bool> IntakeAndDecide()
    {
        var context = NewCall();
        var request = await _intake.TakeAsync(context, "churn", Apis.V1, RouteOperation.Call) ?? throw new InvalidOperationException("The call was refused.");
        return (await _decide.LookupAsync(context, request)).Hit is null;
    }

    private DefaultHttpContext NewCall()
    {
        var number = _next++;
        var body = _bodies[number & (ChurnBodies.Count - 1)];
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.Headers["X-Api-Key"] = GatewayServices.ApiKey;
        context.Request.Headers["X-User-Id"] = $"user-{number}";
        return context;
    }
}
