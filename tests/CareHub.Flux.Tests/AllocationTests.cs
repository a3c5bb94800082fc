using CareHub.Flux.Tests.Model;

namespace CareHub.Flux.Tests;

/// <summary>
/// What one dispatch allocates (counted, not timed). The store's throughput is a figure of the benchmark project
/// (`--only store`), measured against a plain dictionary update in the same run: tests never fail on timing.
/// </summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_dispatch_hitting_one_reducer_allocates_little_beyond_the_new_state()
    {
        using var host = await FluxTestHost.StartAsync();
        var action = new IncrementBy(1);
        for (var i = 0; i < 10_000; i++)
            host.Dispatcher.Dispatch(action);
        const int count = 100_000;

        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
            host.Dispatcher.Dispatch(action);
        var bytesPerAction = (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / (double)count;

        output.WriteLine($"{bytesPerAction:F1} B/action");
        host.Counter.Value.Count.ShouldBe(10_000 + count);
        bytesPerAction.ShouldBeLessThanOrEqualTo(200);
    }
}
