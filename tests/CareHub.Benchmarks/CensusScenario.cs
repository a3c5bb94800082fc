extern alias web;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using CareHub.Domain.Encounters;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using web::CareHub.Web.Features.Census;

namespace CareHub.Benchmarks;

/// <summary>
/// The census board's live update: one patient's row changes (LACE and unit) on a board of N rows, and the board
/// re-renders. The real <see cref="CensusGrid"/> (Blazor <c>Virtualize</c>, a <c>CensusGridRow</c> per row that skips
/// rows whose record did not change) against <see cref="PlainCensusTable"/>, every row in one table, at 1,000, 2,500
/// and 5,000 rows. In process, on a renderer with no browser (<see cref="CensusBenchRenderer"/>): the CPU of this
/// thread per update, and the size of the update's render batch (a proxy, <see cref="BatchSize"/>).
/// </summary>
public sealed class CensusScenario : IScenario
{
    public const double TargetMs = 0.5;
    public const double TargetRatio = 0.05;
    public const double TargetGrowth = 1.25;

    /// <summary>The census region's height the browser would report (a laptop window): 15 rows of 56 px are visible.</summary>
    public const float ViewportPx = 800;

    /// <summary>The row that changes: in the visible window (a change outside it re-renders no row at all).</summary>
    public const int ChangedIndex = 5;

    public const int GridWarmup = 100;
    public const int PlainWarmup = 20;
    public const int Runs = 200;

    private static readonly int[] Sizes = [1_000, 2_500, 5_000];

    private static readonly CensusClock Clock = new(TimeZoneInfo.Utc, new FixedTime(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)));

    public string Key => "census";

    public Task<IReadOnlyList<Figure>> RunAsync(SuiteOptions options, CancellationToken cancellationToken)
    {
        var results = new List<(int N, Result Grid, Result Plain)>();
        try
        {
            foreach (var n in Sizes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var grid = Measure(grid: true, n);
                var plain = Measure(grid: false, n);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {n,5} rows: grid {grid.MeanMs:0.0000} ms ({grid.Update.Text}), plain {plain.MeanMs:0.000} ms ({plain.Update.Text})"));
                results.Add((n, grid, plain));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TargetInvocationException or ArgumentException or MissingMemberException)
        {
            return Task.FromResult<IReadOnlyList<Figure>>(
            [
                new Figure("Census board: one-patient update", "-", "-", "-", $"<= {TargetMs} ms", Verdict.Invalid, "INVALID: " + e.Message),
            ]);
        }

        var figures = new List<Figure>();
        foreach (var (n, grid, plain) in results)
        {
            var ratio = grid.MeanMs / plain.MeanMs;
            var valid = grid.Valid(n) && plain.Valid(n);
            figures.Add(new Figure(
                string.Create(CultureInfo.InvariantCulture, $"Census board, one-patient update at {n:N0} rows: CPU per re-render (CensusGrid vs plain table)"),
                Ms(grid.MeanMs), "plain table " + Ms(plain.MeanMs), Figure.Number(ratio, "0.0000"),
                string.Create(CultureInfo.InvariantCulture, $"<= {TargetMs} ms, <= {TargetRatio}x plain"),
                !valid ? Verdict.Invalid : grid.MeanMs <= TargetMs && ratio <= TargetRatio ? Verdict.Met : Verdict.Missed,
                valid ? Details(n, grid, plain) : "INVALID: " + grid.Problem(n) + plain.Problem(n)));
        }

        var last = results[^1];
        figures.Add(new Figure(
            string.Create(CultureInfo.InvariantCulture, $"Census board, one-patient update at {last.N:N0} rows: render batch (proxy bytes)"),
            last.Grid.Update.Text, "plain table " + last.Plain.Update.Text,
            Figure.Number((double)last.Grid.Update.ProxyBytes / last.Plain.Update.ProxyBytes, "0.0000"), "reported (proxy)", Verdict.Reported,
            "Proxy, not bytes on the wire: 16 B per edit + 20 B per reference frame (the server's binary batch layout) + 2 B per UTF-16 char " +
            "of every string in them (element names, text, markup, attribute names and string values), + 8 B per updated component, 4 B per " +
            "disposed id; the wire format sends strings once each, in UTF-8. By size: " +
            string.Join("; ", results.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.N:N0} rows grid {r.Grid.Update.ProxyBytes:N0} B ({r.Grid.Update.Components} components) vs plain {r.Plain.Update.ProxyBytes:N0} B"))) + "."));

        var first = results[0];
        var growth = last.Grid.MeanMs / first.Grid.MeanMs;
        var flatBatch = results.All(r => (r.Grid.Update.Edits, r.Grid.Update.Frames) == (first.Grid.Update.Edits, first.Grid.Update.Frames));
        figures.Add(new Figure(
            "Census grid one-patient update as rows grow (" + string.Join(" / ", results.Select(r => r.N.ToString("N0", CultureInfo.InvariantCulture))) + ")",
            string.Join(" / ", results.Select(r => Ms(r.Grid.MeanMs))), "plain table " + string.Join(" / ", results.Select(r => Ms(r.Plain.MeanMs))),
            Figure.Number(growth, "0.00"), string.Create(CultureInfo.InvariantCulture, $"<= {TargetGrowth}x from first to last (flat)"),
            results.Any(r => !r.Grid.Valid(r.N)) ? Verdict.Invalid : growth <= TargetGrowth && flatBatch ? Verdict.Met : Verdict.Missed,
            string.Create(CultureInfo.InvariantCulture,
                $"Ratio: grid CPU at {last.N:N0} rows / at {first.N:N0}; plain grows {last.Plain.MeanMs / first.Plain.MeanMs:0.0}x. ") +
            (flatBatch ? "The grid's update batch has the same edits and frames at every N." : "The grid's update batch differs between N (see the batch row).")));
        return Task.FromResult<IReadOnlyList<Figure>>(figures);
    }

    private static string Ms(double ms) => Figure.Number(ms, ms < 1 ? "0.000" : "0.00") + " ms";

    private static string Details(int n, Result grid, Result plain) => string.Create(CultureInfo.InvariantCulture,
        $"{(ThreadCpu.IsThreadTime ? "thread CPU (CLOCK_THREAD_CPUTIME_ID)" : "process CPU")}, mean of {Runs} updates after {GridWarmup} (grid) / {PlainWarmup} (plain) warm-up; " +
        $"p50 grid {grid.P50Ms:0.0000} ms, plain {plain.P50Ms:0.000} ms; wall mean grid {grid.WallMs:0.0000} ms, plain {plain.WallMs:0.000} ms; " +
        $"allocated per update grid {grid.AllocatedBytes:N0} B, plain {plain.AllocatedBytes:N0} B; " +
        $"rows in the page grid {grid.RowsInPage} of {n:N0} (Virtualize window for a {ViewportPx:0} px viewport: 15 visible + 2 x 10 overscan), plain {plain.RowsInPage}; " +
        $"update batch grid {grid.Update.Text} in {grid.Update.Components} component diffs, plain {plain.Update.Text}");

    /// <summary>One component at one size: first render, then <see cref="Runs"/> one-patient updates (alternating two collections).</summary>
    private static Result Measure(bool grid, int n)
    {
        var rows = MakeRows(n);
        var changed = (CensusRow[])rows.Clone();
        var before = rows[ChangedIndex];
        changed[ChangedIndex] = before with
        {
            Version = before.Version + 1,
            Unit = before.Unit == "4 West" ? "5 East" : "4 West",
            Lace = before.Lace with { Comorbidity = before.Lace.Comorbidity + 3 },
        };
        var parameters = new[] { Parameters(rows), Parameters(changed) };

        var js = new CensusNoBrowserJsRuntime();
        using var services = new ServiceCollection().AddSingleton<IJSRuntime>(js).BuildServiceProvider();
        using var renderer = new CensusBenchRenderer(services);
        var id = renderer.Attach(grid ? new CensusGrid() : new PlainCensusTable());
        var thread = Environment.CurrentManagedThreadId;
        var inline = true;

        void Render(ParameterView p)
        {
            renderer.Dispatcher.InvokeAsync(() =>
            {
                inline &= Environment.CurrentManagedThreadId == thread;
                return renderer.RenderAsync(id, p);
            }).GetAwaiter().GetResult();
            if (renderer.Failure is { } failure)
                throw new InvalidOperationException("The component threw: " + failure.Message, failure);
        }

        Render(parameters[0]);
        if (grid)
        {
            // No browser: Virtualize's first render has no rows (its window is 0 until the page reports a viewport).
            // Report what the browser's IntersectionObserver reports on a circuit's first render: the top spacer visible,
            // at 0 px, in a viewport of ViewportPx.
            var callbacks = js.VirtualizeCallbacks is [var reference] ? reference
                : throw new InvalidOperationException($"Virtualize called its init {js.VirtualizeCallbacks.Count} times, expected once.");
            var target = reference.GetType().GetProperty("Value")?.GetValue(callbacks)
                ?? throw new MissingMemberException("Virtualize's DotNetObjectReference has no Value.");
            var method = target.GetType().GetMethod("OnSpacerBeforeVisible", BindingFlags.Public | BindingFlags.Instance)
                ?? throw new MissingMemberException(target.GetType().FullName, "OnSpacerBeforeVisible");
            renderer.Dispatcher.InvokeAsync(() => method.Invoke(target, [0f, 0f, ViewportPx])).GetAwaiter().GetResult();
            if (renderer.Failure is { } failure)
                throw new InvalidOperationException("The component threw: " + failure.Message, failure);
        }

        var rowsInPage = renderer.Batches.RowsInserted;
        var warmup = grid ? GridWarmup : PlainWarmup;
        var next = 1;
        for (var i = 0; i < warmup; i++, next ^= 1)
            Render(parameters[next]);

        var cpu = new double[Runs];
        var wall = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        BatchSize? update = null;
        var sameBatch = true;
        for (var i = 0; i < Runs; i++, next ^= 1)
        {
            renderer.Reset();
            var start = ThreadCpu.Now();
            Render(parameters[next]);
            cpu[i] = (ThreadCpu.Now() - start).TotalMilliseconds;
            // A -> B and B -> A send the same edits and frames (their strings differ in length).
            sameBatch &= update is null || (update.Value.Edits, update.Value.Frames) == (renderer.Batches.Edits, renderer.Batches.Frames);
            update ??= renderer.Batches;
        }

        wall.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(cpu);
        return new Result(cpu.Average(), cpu[Runs / 2], wall.Elapsed.TotalMilliseconds / Runs, allocated / Runs,
            update ?? default, rowsInPage, inline, sameBatch);
    }

    private static ParameterView Parameters(CensusRow[] rows) => ParameterView.FromDictionary(new Dictionary<string, object?>
    {
        [nameof(CensusGrid.Rows)] = rows,
        [nameof(CensusGrid.Clock)] = Clock,
    });

    /// <summary>Census rows like the demo's: in house, a few discharged today, every optional field set on most rows.</summary>
    private static CensusRow[] MakeRows(int n)
    {
        var random = new Random(20261124);
        var now = Clock.Time.GetUtcNow();
        string[] facilities = ["Riverside General", "St. Anne's", "Northgate SNF", "Harbor Medical Center"];
        string[] units = ["4 West", "5 East", "ICU", "Telemetry", "Med-Surg 2", null!];
        string[] names = ["Alvarez, Maria", "Nguyen, Thanh", "Okafor, Chidi", "Smith, John", "Kowalski, Anna", "Haddad, Omar", "Lindqvist, Eva"];
        string[] coordinators = ["Dana Whitfield", "Luis Ortega", "Priya Raman", null!];
        var team = new[] { Guid.NewGuid() };
        var rows = new CensusRow[n];
        for (var i = 0; i < n; i++)
        {
            var admitted = now.AddHours(-random.Next(2, 24 * 20));
            var discharged = i % 25 == 24;
            var coordinator = coordinators[random.Next(coordinators.Length)];
            rows[i] = new CensusRow
            {
                PatientId = Guid.NewGuid(),
                EncounterId = Guid.NewGuid(),
                Version = random.Next(1, 40),
                Mrn = (100_000 + i).ToString(CultureInfo.InvariantCulture),
                Name = names[i % names.Length] + " " + (i / names.Length).ToString(CultureInfo.InvariantCulture),
                Age = random.Next(18, 99),
                FacilityId = Guid.Empty,
                Facility = facilities[i % facilities.Length],
                Unit = units[random.Next(units.Length)],
                Bed = random.Next(3) == 0 ? null : random.Next(1, 40).ToString(CultureInfo.InvariantCulture),
                Class = (EncounterClass)random.Next(4),
                Place = discharged ? CensusPlace.DischargedToday : CensusPlace.InHouse,
                AdmittedAt = admitted,
                ExpectedDischargeAt = random.Next(3) == 0 ? null : now.AddHours(random.Next(-12, 96)),
                DischargedAt = discharged ? now.AddHours(-random.Next(1, 10)) : null,
                Disposition = discharged ? (DischargeDisposition)random.Next(4) : null,
                LengthOfStayDays = (int)(now - admitted).TotalDays,
                Readmission = random.Next(8) == 0,
                Lace = new CensusLace(random.Next(0, 8), random.Next(0, 4), random.Next(0, 6), random.Next(0, 5)),
                CoordinatorId = coordinator is null ? null : Guid.NewGuid(),
                Coordinator = coordinator,
                TransitionCallDueAt = random.Next(2) == 0 ? null : now.AddHours(random.Next(-24, 48)),
                OpenReferrals = random.Next(4),
                TeamIds = team,
            };
        }

        return rows;
    }

    private sealed record Result(double MeanMs, double P50Ms, double WallMs, long AllocatedBytes, BatchSize Update, int RowsInPage, bool Inline, bool SameBatch)
    {
        public bool Valid(int n) => Problem(n).Length == 0;

        /// <summary>Why the run cannot be trusted: the update did not reach the page, rendering left this thread, or the rows are not in the page.</summary>
        public string Problem(int n) =>
            (Update.Edits == 0 ? "an update produced no edit; " : "") +
            (!Inline ? "a render ran on another thread (its CPU was not measured); " : "") +
            (!SameBatch ? "the updates' edits or frames differ; " : "") +
            (RowsInPage == 0 || RowsInPage > n ? $"{RowsInPage} rows in the page; " : "");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
