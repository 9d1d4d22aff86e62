using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Testing;

/// <summary>
/// The live objects of another .NET process after a full, blocking collection: what a leak grows, whatever the GC's
/// budgets and timing do to resident memory. The collection is induced the way <c>dotnet-gcdump</c> induces one, over
/// the runtime's diagnostics IPC channel (an EventPipe session with the GCHeapCollect keyword), and read from the
/// GCHeapStats event that closes it: the bytes that survived it in every generation. The heap's total size is not
/// used, because it also counts the free space between survivors, which moves by megabytes with where pinned buffers
/// happened to sit when the collection ran.
/// </summary>
public static class ManagedHeap
{
    // ClrTraceEventParser.Keywords: GC events, and GCHeapCollect, which makes the runtime collect everything once.
    private const long Keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);

    /// <summary>Induces a full blocking collection in process <paramref name="processId"/> and returns the bytes of the objects that survived it, per heap.</summary>
    public static async Task<HeapSurvivors> LiveBytesAfterFullCollectionAsync(int processId, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(processId);
        var providers = new[] { new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, Keywords) };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        var size = new TaskCompletionSource<HeapSurvivors>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var fullCollectionStarted = false;
            source.Clr.GCStart += start => fullCollectionStarted |= start.Depth == 2;
            source.Clr.GCHeapStats += stats =>
            {
                if (fullCollectionStarted)
                {
                    size.TrySetResult(new HeapSurvivors(
                        stats.TotalPromotedSize0 + stats.TotalPromotedSize1 + stats.TotalPromotedSize2, stats.TotalPromotedSize3, stats.TotalPromotedSize4));
                }
            };
            source.Process();
        });

        try
        {
            return await size.Task.WaitAsync(timeout);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await reading.WaitAsync(timeout);
        }
    }
}
