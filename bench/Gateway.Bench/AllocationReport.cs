using Microsoft.Diagnostics.Tracing;

namespace Gateway.Bench;

/// <summary>
/// Which types a process allocated, from a trace taken with <c>dotnet-trace collect --profile gc-verbose</c>: the runtime
/// raises an allocation tick about every 100 KB, naming the type whose allocation crossed the mark, so summing the ticks'
/// amounts by type gives a sampled profile of the bytes allocated.
/// </summary>
internal static class AllocationReport
{
    public static int Run(string tracePath, int top)
    {
        var bytesByType = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var source = new EventPipeEventSource(tracePath))
        {
            source.Clr.GCAllocationTick += tick =>
            {
                var type = string.IsNullOrEmpty(tick.TypeName) ? "(unknown)" : tick.TypeName;
                bytesByType[type] = bytesByType.GetValueOrDefault(type) + tick.AllocationAmount64;
            };
            source.Process();
        }

        var total = bytesByType.Values.Sum();
        Console.WriteLine($"| type (sampled every ~100 KB) | share of bytes |");
        Console.WriteLine("| --- | ---: |");
        foreach (var (type, bytes) in bytesByType.OrderByDescending(pair => pair.Value).Take(top))
        {
            Console.WriteLine($"| `{type}` | {100.0 * bytes / total:F1} % |");
        }

        return 0;
    }
}
