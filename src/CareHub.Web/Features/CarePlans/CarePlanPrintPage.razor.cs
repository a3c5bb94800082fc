using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// The patient's open plan as a document to print: everything in the plan, its care team and its whole history.
/// Opening it is audited as an export (what is on the screen can leave on paper), once per visit.
/// </summary>
public sealed partial class CarePlanPrintPage : IDisposable
{
    private readonly CancellationTokenSource _leaving = new();
    private Guid _loadedFor;
    private CarePlanExport? _export;
    private bool _loading = true;

    [Parameter]
    public Guid PatientId { get; set; }

    [Inject]
    private CarePlanService Service { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private string CarePlanHref => $"/patients/{PatientId}/care-plan";

    private string ExportHref => CarePlanExportEndpoint.PathFor(PatientId);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == PatientId)
            return;
        _loadedFor = PatientId;
        _loading = true;
        try
        {
            _export = await Service.ExportAsync(PatientId, _leaving.Token);
        }
        catch (OperationCanceledException) when (_leaving.IsCancellationRequested)
        {
            return;
        }
        _loading = false;
    }

    private async Task PrintAsync()
    {
        try
        {
            // With a token the call has no time limit: the browser answers only when its print dialog closes.
            await JS.InvokeVoidAsync("print", _leaving.Token);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone; there is nothing to print.
        }
        catch (OperationCanceledException) when (_leaving.IsCancellationRequested)
        {
            // Left the page while the print dialog was open.
        }
    }

    public void Dispose()
    {
        _leaving.Cancel();
        _leaving.Dispose();
    }
}
