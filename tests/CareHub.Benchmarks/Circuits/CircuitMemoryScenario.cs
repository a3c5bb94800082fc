using System.Globalization;

namespace CareHub.Benchmarks.Circuits;

/// <summary>
/// Memory per circuit: the app's managed heap after a forced full GC (<see cref="GcHeap"/>) as headless circuits
/// (<see cref="BlazorCircuitClient"/>) of one page are opened, 0, 50, 100, 150 and 200 of them, and the least-squares
/// slope of heap on circuits. Three pages, measured in turn on one app process, the circuits of each kept open while
/// the next is measured (each slope is from its own series): the smallest interactive page (/not-found, the NotFound
/// page with the main layout: the baseline), the huddle board of the user's team (every circuit on the same board, as
/// in a huddle), and one patient's care plan (every circuit on the same plan). Invalid when a circuit fails.
/// </summary>
public sealed class CircuitMemoryScenario : IScenario
{
    private const int Step = 50;
    private const int Steps = 4;
    private const double TargetKiB = 150;

    public string Key => "circuitmemory";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        await FanoutScenario.PinAsync(0b10, cancellationToken);
        await using var app = await CircuitApp.StartAsync(redis: null, cancellationToken);
        var pages = new (string Name, string Path, string Ready)[]
        {
            ("empty page (/not-found)", "/not-found", "Back to patients"),
            ("huddle board", $"/huddle/{app.Pick.TeamId:D}", "huddle-board"),
            ("care plan", $"/patients/{app.Pick.PatientId:D}/care-plan", "careplan-page"),
        };
        // JIT, pools and caches of each page before the first point: one circuit of each, kept open like the rest.
        foreach (var page in pages)
            await app.OpenAsync(page.Path, page.Ready, 1, cancellationToken);
        await Task.Delay(1000, cancellationToken);

        var series = new List<MemorySeries>();
        foreach (var page in pages)
        {
            var points = new List<(int Circuits, GcHeapReading Heap)> { (0, await HeapAsync(app, cancellationToken)) };
            var opened = new List<BlazorCircuitClient>();
            for (var i = 1; i <= Steps; i++)
            {
                opened.AddRange(await app.OpenAsync(page.Path, page.Ready, Step, cancellationToken));
                await Task.Delay(1000, cancellationToken);
                points.Add((opened.Count, await HeapAsync(app, cancellationToken)));
            }
            var s = new MemorySeries(page.Name, page.Path, points, opened.Where(c => c.Error is not null).Select(c => c.Error!).ToList(),
                opened.Average(c => (double)c.Batches), opened.Average(c => (double)c.BatchBytes), opened.Average(c => (double)c.JsCalls));
            Console.WriteLine($"  {s.Describe()}");
            series.Add(s);
        }
        return Figures(series[0], series[1], series[2], app.Circuits.Count(c => c.Error is not null));
    }

    /// <summary>Two forced full GCs (the first may leave objects to finalizers), the second's heap.</summary>
    private static async Task<GcHeapReading> HeapAsync(CircuitApp app, CancellationToken cancellationToken)
    {
        await GcHeap.AfterFullGcAsync(app.ProcessId, cancellationToken);
        return await GcHeap.AfterFullGcAsync(app.ProcessId, cancellationToken);
    }

    private static IReadOnlyList<Figure> Figures(MemorySeries empty, MemorySeries board, MemorySeries plan, int failed)
    {
        var invalid = failed > 0 ? $"{failed} circuits failed or closed" : null;
        var notes = $"live bytes (survived) and heap size after a forced full GC (EventPipe GCHeapCollect, GCHeapStats), KiB, at 0/50/100/150/200 circuits: " +
            $"{empty.Describe()}; {board.Describe()}; {plan.Describe()}; circuits of each page kept open while the next is measured" +
            (invalid is null ? string.Empty : "; INVALID: " + invalid);
        Figure Row(MemorySeries s, bool judged)
        {
            var verdict = invalid is not null ? Verdict.Invalid : !judged ? Verdict.Reported : s.KiBPerCircuit <= TargetKiB ? Verdict.Met : Verdict.Missed;
            return new Figure($"Memory per {s.Name} circuit (forced-GC live-heap slope, 0-200 circuits)",
                string.Create(CultureInfo.InvariantCulture, $"{s.KiBPerCircuit:0.0} KiB (+{s.KiBPerCircuit - empty.KiBPerCircuit:0.0} over the empty page)"),
                string.Create(CultureInfo.InvariantCulture, $"empty page (/not-found) {empty.KiBPerCircuit:0.0} KiB"),
                Figure.Number(s.KiBPerCircuit / empty.KiBPerCircuit, "0.00"),
                judged ? $"<= {Figure.Number(TargetKiB, "0")} KiB per board circuit" : "reported", verdict, notes);
        }
        return [Row(board, judged: true), Row(plan, judged: false)];
    }

    private sealed record MemorySeries(string Name, string Path, IReadOnlyList<(int Circuits, GcHeapReading Heap)> Points, IReadOnlyList<string> Errors,
        double Batches, double BatchBytes, double JsCalls)
    {
        /// <summary>Least-squares slope of the live bytes after a full GC on circuits, in KiB per circuit.</summary>
        public double KiBPerCircuit => Slope(p => p.Heap.LiveBytes);

        /// <summary>The same slope of the heap's size (free space included).</summary>
        public double HeapKiBPerCircuit => Slope(p => p.Heap.HeapBytes);

        private double Slope(Func<(int Circuits, GcHeapReading Heap), long> bytes)
        {
            var mx = Points.Average(p => (double)p.Circuits);
            var my = Points.Average(p => (double)bytes(p));
            var sxy = Points.Sum(p => (p.Circuits - mx) * (bytes(p) - my));
            var sxx = Points.Sum(p => (p.Circuits - mx) * (p.Circuits - mx));
            return sxy / sxx / 1024;
        }

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Name} {Path}: {KiBPerCircuit:0.0} KiB/circuit live ({HeapKiBPerCircuit:0.0} heap); live {Join(p => p.Heap.LiveBytes)} KiB, heap {Join(p => p.Heap.HeapBytes)} KiB; " +
            $"per circuit on opening {Batches:0.0} batches, {BatchBytes / 1024:0.0} KiB of batches, {JsCalls:0.0} JS calls; failed {Errors.Count}") +
            (Errors.Count > 0 ? $" ({Errors[0]})" : string.Empty);

        private string Join(Func<(int Circuits, GcHeapReading Heap), long> bytes) =>
            string.Join(" / ", Points.Select(p => (bytes(p) / 1024).ToString("N0", CultureInfo.InvariantCulture)));
    }
}
