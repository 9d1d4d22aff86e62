using System.Diagnostics;
using Gateway.Canary;

namespace Gateway.Bench;

/// <summary>
/// Times <see cref="TrackAssigner"/> as the gateway builds it (its own DI, the given flags file), one thread: a caller
/// seen before (remembered), a caller never seen (Microsoft.FeatureManagement evaluates), and no caller id (a draw).
/// </summary>
internal static class AssignmentBenchmark
{
    public static async Task<int> RunAsync(string flagsFile, int calls)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Canary:FlagsFile"] = flagsFile,
            ["Gateway:Canary:AuditFile"] = Path.Combine(Path.GetTempPath(), "gateway-bench-audit.jsonl"),
        });
        builder.Logging.ClearProviders();
        builder.AddGateway();
        await using var app = builder.Build();
        var assigner = app.Services.GetRequiredService<TrackAssigner>();

        var known = Enumerable.Range(0, 1000).Select(i => $"user:known-{i}").ToArray();
        var scenarios = new (string Name, Func<int, string?> Caller)[]
        {
            ("caller seen before", i => known[i % known.Length]),
            ("caller never seen", i => $"user:new-{i}"),
            ("no caller id (draw)", _ => null),
        };
        foreach (var (name, caller) in scenarios)
        {
            for (var i = 0; i < calls; i++)
            {
                await assigner.AssignAsync("churn", caller(i), CancellationToken.None);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = calls; i < 2 * calls; i++)
            {
                await assigner.AssignAsync("churn", caller(i), CancellationToken.None);
            }

            clock.Stop();
            Console.WriteLine($"| {name} | {clock.Elapsed.TotalMicroseconds / calls:F2} | {(GC.GetAllocatedBytesForCurrentThread() - allocated) / calls} |");
        }

        return 0;
    }
}
