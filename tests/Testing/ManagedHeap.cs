using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Testing;

/// <summary>
/// The managed heap of another .NET process after a full, blocking collection: what a leak grows, whatever the GC's
/// budgets and timing do to resident memory. The collection is induced the way <c>dotnet-gcdump</c> induces one, over
/// the runtime's diagnostics IPC channel (an EventPipe session with the GCHeapCollect keyword), and its size is read
/// from the GCHeapStats event that closes it.
/// </summary>
public static class ManagedHeap
{
    // ClrTraceEventParser.Keywords: GC events, and GCHeapCollect, which makes the runtime collect everything once.
    private const long Keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);

    /// <summary>Induces a full blocking collection in process <paramref name="processId"/> and returns its heap size after it, in bytes.</summary>
    public static async Task<long> AfterFullCollectionAsync(int processId, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(processId);
        var providers = new[] { new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, Keywords) };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        var size = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var fullCollectionStarted = false;
            source.Clr.GCStart += start => fullCollectionStarted |= start.Depth == 2;
            source.Clr.GCHeapStats += stats =>
            {
                if (fullCollectionStarted)
                {
                    size.TrySetResult(stats.TotalHeapSize);
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
