extern alias web;
// The renderer and its batch are the object of the measurement (the RenderTree types are public but marked internal-ish).
#pragma warning disable BL0006
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using web::CareHub.Web.Features.Census;

namespace CareHub.Benchmarks;

/// <summary>
/// A renderer with no browser for the census scenario: it hosts one root component, keeps the render batches'
/// sizes (<see cref="BatchSize"/>) and rethrows what a component throws.
/// </summary>
public sealed class CensusBenchRenderer : Renderer
{
    public CensusBenchRenderer(IServiceProvider services)
        : base(services, NullLoggerFactory.Instance)
    {
    }

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    /// <summary>The batches since the last <see cref="Reset"/>, added up.</summary>
    public BatchSize Batches { get; private set; }

    public Exception? Failure { get; private set; }

    public void Reset() => Batches = default;

    public int Attach(IComponent component) => AssignRootComponentId(component);

    public Task RenderAsync(int componentId, ParameterView parameters) => RenderRootComponentAsync(componentId, parameters);

    protected override void HandleException(Exception exception) => Failure ??= exception;

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
    {
        Batches += BatchSize.Of(renderBatch);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The size of render batches. <see cref="ProxyBytes"/> is a proxy, not the bytes sent: the server's binary batch
/// (RenderBatchWriter) writes each edit as 16 bytes and each reference frame as 20, plus a table of strings; here every
/// string of an edit or frame (element names, text, markup, attribute names and string values, removed attribute
/// names) counts its UTF-16 length x 2 each time it appears (the wire format sends UTF-8 and each distinct string
/// once), plus 8 bytes per updated component and 4 per disposed component or event handler.
/// </summary>
public readonly record struct BatchSize(int Batches, int Components, int Edits, int Frames, long StringChars, int Disposed, int RowsInserted)
{
    public long ProxyBytes => (16L * Edits) + (20L * Frames) + (2L * StringChars) + (8L * Components) + (4L * Disposed);

    public static BatchSize operator +(BatchSize a, BatchSize b) => new(
        a.Batches + b.Batches, a.Components + b.Components, a.Edits + b.Edits, a.Frames + b.Frames,
        a.StringChars + b.StringChars, a.Disposed + b.Disposed, a.RowsInserted + b.RowsInserted);

    public static BatchSize Of(in RenderBatch batch)
    {
        var edits = 0;
        long chars = 0;
        for (var i = 0; i < batch.UpdatedComponents.Count; i++)
        {
            var diff = batch.UpdatedComponents.Array[i];
            edits += diff.Edits.Count;
            for (var e = 0; e < diff.Edits.Count; e++)
                chars += diff.Edits[e].RemovedAttributeName?.Length ?? 0;
        }

        var rows = 0;
        for (var i = 0; i < batch.ReferenceFrames.Count; i++)
        {
            ref var frame = ref batch.ReferenceFrames.Array[i];
            switch (frame.FrameType)
            {
                case RenderTreeFrameType.Element:
                    chars += frame.ElementName.Length;
                    break;
                case RenderTreeFrameType.Text:
                    chars += frame.TextContent.Length;
                    break;
                case RenderTreeFrameType.Markup:
                    chars += frame.MarkupContent.Length;
                    break;
                case RenderTreeFrameType.Attribute:
                    chars += frame.AttributeName.Length + (frame.AttributeValue as string)?.Length ?? 0;
                    if (frame.AttributeName == "data-patient-id")
                        rows++;
                    break;
            }
        }

        var disposed = batch.DisposedComponentIDs.Count + batch.DisposedEventHandlerIDs.Count;
        return new BatchSize(1, batch.UpdatedComponents.Count, edits, batch.ReferenceFrames.Count, chars, disposed, rows);
    }

    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{Edits:N0} edits, {Frames:N0} frames, ~{ProxyBytes:N0} B proxy");
}

/// <summary>
/// No browser: every call completes at once with a default result. It keeps the object reference
/// <c>Virtualize</c> passes to its JavaScript (<c>Blazor._internal.Virtualize.init</c>), so the scenario can report
/// the viewport as the browser's IntersectionObserver would.
/// </summary>
public sealed class CensusNoBrowserJsRuntime : IJSRuntime
{
    public List<object> VirtualizeCallbacks { get; } = [];

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args)
    {
        if (identifier.EndsWith("Virtualize.init", StringComparison.Ordinal) && args is [{ } callbacks, ..])
            VirtualizeCallbacks.Add(callbacks);
        return ValueTask.FromResult(default(TValue)!);
    }

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
        InvokeAsync<TValue>(identifier, args);
}

/// <summary>
/// The baseline: every row in a plain <c>&lt;table&gt;</c>, no virtualisation and no component per row (what a
/// <c>@foreach</c> over the rows in one .razor file gives), with the cells' text and attributes of
/// <c>CensusGridRow</c> (same strings from <c>CensusText</c>).
/// </summary>
public sealed class PlainCensusTable : ComponentBase
{
    [Parameter]
    public ICollection<CensusRow> Rows { get; set; } = [];

    [Parameter]
    public CensusClock Clock { get; set; } = default!;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "table");
        builder.AddAttribute(1, "class", "census-grid");
        builder.OpenElement(2, "tbody");
        foreach (var row in Rows)
        {
            builder.OpenElement(3, "tr");
            builder.AddAttribute(4, "class", row.Place == CensusPlace.DischargedToday ? "census-row census-row-discharged" : "census-row");
            builder.AddAttribute(5, "data-patient-id", row.PatientId.ToString());
            builder.AddAttribute(6, "data-version", row.Version.ToString(CultureInfo.InvariantCulture));

            builder.OpenRegion(10);
            Cell(builder, row.Name, $"MRN {row.Mrn} · {row.Age} y");
            builder.CloseRegion();
            builder.OpenRegion(20);
            Cell(builder, row.Facility, (row.Unit ?? "No unit") + (row.Bed is { } bed ? $" · bed {bed}" : ""));
            builder.CloseRegion();
            builder.OpenElement(30, "td");
            builder.OpenElement(31, "span");
            builder.AddAttribute(32, "class", "census-chip");
            builder.AddAttribute(33, "title", CensusText.ClassInFull(row.Class));
            builder.AddContent(34, CensusText.Class(row.Class));
            builder.CloseElement();
            builder.CloseElement();
            builder.OpenRegion(40);
            Cell(builder, CensusText.When(row.AdmittedAt, Clock), "LOS " + CensusText.Days(row.LengthOfStayDays));
            builder.CloseRegion();
            builder.OpenRegion(50);
            Cell(builder, row.ExpectedDischargeAt is { } expected ? CensusText.Day(expected, Clock) : "—", null);
            builder.CloseRegion();
            builder.OpenElement(60, "td");
            builder.OpenElement(61, "span");
            builder.AddAttribute(62, "class", "census-lace census-lace-" + CensusText.LaceBand(row.Lace));
            builder.AddAttribute(63, "title", CensusText.LaceParts(row.Lace));
            builder.AddContent(64, row.Lace.Total);
            builder.CloseElement();
            builder.CloseElement();
            builder.OpenRegion(70);
            Cell(builder, row.Readmission ? "30-day readmit" : null, null);
            builder.CloseRegion();
            builder.OpenRegion(80);
            Cell(builder, row.Coordinator ?? "Unassigned", null);
            builder.CloseRegion();
            builder.OpenRegion(90);
            Cell(builder, row.TransitionCallDueAt is { } due ? CensusText.When(due, Clock) : null, null);
            builder.CloseRegion();
            builder.OpenRegion(100);
            Cell(builder, row.OpenReferrals > 0 ? row.OpenReferrals.ToString(CultureInfo.InvariantCulture) : null, null);
            builder.CloseRegion();
            builder.OpenRegion(110);
            Cell(builder, row.Place == CensusPlace.DischargedToday ? "Today" : null, null);
            builder.CloseRegion();
            builder.CloseElement();
        }

        builder.CloseElement();
        builder.CloseElement();
    }

    private static void Cell(RenderTreeBuilder builder, string? main, string? sub)
    {
        builder.OpenElement(0, "td");
        if (main is not null)
        {
            builder.OpenElement(1, "span");
            builder.AddAttribute(2, "class", "census-main");
            builder.AddContent(3, main);
            builder.CloseElement();
        }

        if (sub is not null)
        {
            builder.OpenElement(4, "span");
            builder.AddAttribute(5, "class", "census-sub");
            builder.AddContent(6, sub);
            builder.CloseElement();
        }

        builder.CloseElement();
    }
}

/// <summary>This thread's CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID on Linux; the process's elsewhere).</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static bool IsThreadTime { get; } = OperatingSystem.IsLinux() && Probe();

    public static TimeSpan Now()
    {
        if (IsThreadTime && NativeMethods.ClockGetTime(ClockThreadCpuTime, out var t) == 0)
            return TimeSpan.FromTicks((t.Seconds * TimeSpan.TicksPerSecond) + (t.Nanoseconds / 100));
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    }

    private static bool Probe()
    {
        try
        {
            return NativeMethods.ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "clock_gettime")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int ClockGetTime(int clockId, out Timespec time);
    }
}
