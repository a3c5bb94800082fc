using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace CareHub.Benchmarks.Circuits;

/// <summary>
/// Another process's managed heap after a full blocking GC, read from outside over the runtime's diagnostics port (no
/// endpoint in the product): an EventPipe session that enables the runtime provider's GCHeapCollect keyword makes the
/// runtime run an induced, blocking gen-2 collection (what dotnet-gcdump does, without its heap walk), and the
/// collection's GCHeapStats event gives the size of every generation after it (gen 0-2, large and pinned object heaps), and the bytes that survived it.
/// </summary>
public static class GcHeap
{
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>The heap after a forced full GC of process <paramref name="processId"/>.</summary>
    public static async Task<GcHeapReading> AfterFullGcAsync(int processId, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(processId);
        var providers = new[]
        {
            new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational,
                (long)ClrTraceEventParser.Keywords.GC | GcHeapCollectKeyword),
        };
        using var session = client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 64);
        var result = new TaskCompletionSource<GcHeapReading>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fullGc = false;
        using var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCStart += e => fullGc = e.Depth == 2 && e.Type == GCType.NonConcurrentGC;
        source.Clr.GCHeapStats += (GCHeapStatsTraceData e) =>
        {
            if (fullGc)
                result.TrySetResult(new GcHeapReading(e.TotalHeapSize, e.TotalPromoted));
        };
        var processing = Task.Run(source.Process, CancellationToken.None);
        try
        {
            return await result.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        finally
        {
            try
            {
                session.Stop();
            }
            catch (ServerNotAvailableException)
            {
            }
            await Task.WhenAny(processing, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
        }
    }
}

/// <summary>
/// After a full GC: the heap's size (every generation, free space between objects included) and the bytes that survived
/// the collection (the live objects: what the slope is fitted to, since free space depends on where the GC left gaps).
/// </summary>
public readonly record struct GcHeapReading(long HeapBytes, long LiveBytes);
