using CareHub.Flux;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CareHub.Web.Features.Patients;

public sealed partial class PatientDetailPage
{
    private IDisposable? _subscription;
    private Guid _subscribedTo;
    private List<BreadcrumbItem> _crumbs = [];

    [Parameter]
    public Guid PatientId { get; set; }

    [Inject]
    private IState<PatientDetailState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    private PatientDetail? Patient => State.Value.PatientId == PatientId ? State.Value.Patient : null;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void OnInitialized() =>
        // "Saved" only once the change is committed.
        SubscribeToAction<UpdatePatientLanguageSucceededAction>(_ => Snackbar.Add("Saved", Severity.Success));

    protected override void OnParametersSet()
    {
        if (_subscribedTo == PatientId)
            return;
        _subscription?.Dispose();
        _subscribedTo = PatientId;
        // The topic carries ids and versions only; the effect reloads through this user's own access.
        _subscription = Bus.Subscribe(Topics.Patient(PatientId), e =>
        {
            // Off the publisher's thread: it may hold its own circuit's store lock (see TopicFollower).
            _ = Task.Run(() => Dispatcher.Dispatch(new PatientChangedRemotelyAction(e.ResourceId, e.Version)));
            return Task.CompletedTask;
        });
        Dispatcher.Dispatch(new LoadPatientAction(PatientId));
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (Patient is { } patient && (_crumbs.Count == 0 || _crumbs[^1].Text != patient.Name))
        {
            _crumbs = [new("Patients", "/patients"), new(patient.Name, null, disabled: true)];
            StateHasChanged();
        }
    }

    private void SaveLanguage(LanguageChange change) =>
        Dispatcher.Dispatch(new UpdatePatientLanguageAction(PatientId, change.BaseVersion, change.Language, change.InterpreterNeeded));

    // The referrals page opens its new-referral dialog for ?newFor; the MRN it finds the patient by travels in the
    // history state, so it never lands in an address (logs, bookmarks).
    private void NewReferral()
    {
        if (Patient is { } patient)
            Navigation.NavigateTo($"/referrals?newFor={patient.Id}", new NavigationOptions { HistoryEntryState = patient.Mrn });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _subscription?.Dispose();
        base.Dispose(disposing);
    }
}
