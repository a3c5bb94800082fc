using CareHub.Domain.CarePlans;
using CareHub.Flux;
using CareHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace CareHub.Web.Features.CarePlans.Pages;

/// <summary>
/// A patient's care plan, written by the care team together. Follows the plan's bus topic (each event becomes
/// <see cref="CarePlanChangedRemotelyAction"/>; the effect reads what changed through this user's access), the plan's
/// presence (who is in which field), and the circuit's connection (when it comes back, the plan is read again and text
/// the browser kept is offered back). Saves go through the store; the fields await their answers here.
/// </summary>
public sealed partial class CarePlanPage
{
    private readonly CarePlanSubscription _plan = new();
    private readonly CarePlanDrafts _drafts = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<object, TaskCompletionSource<CarePlanResult>> _replies = new(ReferenceEqualityComparer.Instance);
    private readonly Func<FieldEdit, Task<CarePlanResult>> _saveField;
    private readonly Func<NewCarePlanItem, Task<CarePlanResult>> _addItem;
    private readonly Func<CarePlanItemView, Task> _showItemHistory;
    private IDisposable? _presenceSubscription;
    private string? _presenceResource;
    private CarePlanFieldFocus? _focus;
    private CarePlanFieldPresence _presence = CarePlanFieldPresence.Nobody;
    private IReadOnlyList<CarePlanDraftOffer> _offers = [];
    private Guid? _openedFor;
    private Guid? _assigneesFor;
    private Guid? _offeredFor;
    private volatile bool _disposed;

    public CarePlanPage()
    {
        _saveField = edit => RequestAsync(planId => new EditCarePlanFieldAction(planId, edit));
        _addItem = item => RequestAsync(planId => new AddCarePlanItemAction(planId, item));
        _showItemHistory = ShowItemHistoryAsync;
    }

    [Parameter]
    public Guid PatientId { get; set; }

    [Inject]
    private IState<CarePlanState> State { get; set; } = default!;

    [Inject]
    private IDispatcher Dispatcher { get; set; } = default!;

    [Inject]
    private IRealtimeBus Bus { get; set; } = default!;

    [Inject]
    private IPresenceService Presence { get; set; } = default!;

    [Inject]
    private CircuitPresence CircuitPresence { get; set; } = default!;

    [Inject]
    private CircuitContext Circuit { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private CarePlanView? Plan => State.Value.PatientId == PatientId ? State.Value.Plan : null;

    private string Title => State.Value.PatientId == PatientId && State.Value.Status is CarePlanLoadStatus.Loaded or CarePlanLoadStatus.NoPlan
        && State.Value.PatientName is { } name
            ? $"{name} · Care plan · CareHub"
            // Not found reads the same for a missing patient and another team's: nothing of theirs in the title.
            : "Care plan · CareHub";

    protected override void OnInitialized()
    {
        SubscribeToAction<CarePlanOpenedAction>(opened => _ = OnUiThreadAsync(Follow));
        SubscribeToAction<CarePlanChangeSucceededAction>(a =>
        {
            Answer(a.Change, a.Saved);
            if (a.Change is SetCarePlanStatusAction status)
                _ = OnUiThreadAsync(() => Snackbar.Add($"The plan is {CarePlanValueText.PlanStatus(status.Status).ToLowerInvariant()}.", Severity.Success));
            else if (a.Change is ApplyCarePlanTemplateAction applied && CarePlanTemplates.Find(applied.TemplateKey) is { } template)
                _ = OnUiThreadAsync(() => Snackbar.Add($"Added the items of the {template.Name} template.", Severity.Success));
        });
        SubscribeToAction<CarePlanChangeFailedAction>(a => Answer(a.Change, a.Result));
        Circuit.Reconnected += OnReconnected;
    }

    protected override void OnParametersSet()
    {
        if (_openedFor == PatientId)
            return;
        _openedFor = PatientId;
        _offers = [];
        Dispatcher.Dispatch(new OpenCarePlanAction(PatientId));
        Follow();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
            await _drafts.StartAsync(JS);
        // Once the plan's fields are on screen (and know their text), offer back what the browser kept.
        if (Plan is { } plan && _offeredFor != plan.PlanId && _drafts.IsStarted)
        {
            _offeredFor = plan.PlanId;
            await OfferDraftsAsync();
        }
    }

    /// <summary>Follows the shown plan's topic and presence (again when it became another plan), and loads its assignees once.</summary>
    private void Follow()
    {
        if (_disposed || Plan is not { } plan)
            return;
        _plan.Follow(Bus, Dispatcher, plan.PlanId);
        if (_assigneesFor != plan.PlanId)
        {
            _assigneesFor = plan.PlanId;
            Dispatcher.Dispatch(new LoadCarePlanAssigneesAction(plan.PlanId));
        }
        var resource = Topics.CarePlan(plan.PlanId);
        lock (_gate)
        {
            if (_presenceResource == resource)
                return;
            _presenceSubscription?.Dispose();
            _focus?.Dispose();
            _presenceResource = resource;
            _focus = new CarePlanFieldFocus(CircuitPresence, resource, Clock);
            _presenceSubscription = Bus.Subscribe(Topics.Presence(resource), _ => OnUiThreadAsync(RefreshPresence));
        }
        RefreshPresence();
    }

    private void RefreshPresence()
    {
        if (_disposed || _presenceResource is not { } resource)
            return;
        var presence = CarePlanFieldPresence.Of(Presence.Get(resource), CircuitPresence.ConnectionId);
        if (presence.IsEmpty && _presence.IsEmpty)
            return;
        _presence = presence;
        StateHasChanged();
    }

    private CarePlanEditing EditingOf(CarePlanView plan) =>
        new(plan.PlanId, plan.IsClosed, _saveField, _showItemHistory, _focus, _presence, _drafts, State.Value.Assignees);

    /// <summary>Sends a change through the store and waits for its answer (the effect reports it as an action).</summary>
    private Task<CarePlanResult> RequestAsync(Func<Guid, object> changeFor)
    {
        if (_disposed || Plan is not { } plan)
            return Task.FromResult<CarePlanResult>(new CarePlanResult.Invalid(CarePlanMessages.PageClosed));
        var change = changeFor(plan.PlanId);
        var reply = new TaskCompletionSource<CarePlanResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _replies[change] = reply;
        Dispatcher.Dispatch(change);
        return reply.Task;
    }

    private void Answer(object change, CarePlanResult result)
    {
        TaskCompletionSource<CarePlanResult>? reply;
        lock (_gate)
            _replies.Remove(change, out reply);
        reply?.TrySetResult(result);
    }

    private void Start(string? templateKey) => Dispatcher.Dispatch(new StartCarePlanAction(PatientId, templateKey));

    private void Retry() => Dispatcher.Dispatch(new OpenCarePlanAction(PatientId));

    private void Reload()
    {
        if (Plan is { } plan)
            Dispatcher.Dispatch(new ReloadCarePlanAction(plan.PlanId));
    }

    private void DismissError() => Dispatcher.Dispatch(new DismissCarePlanErrorAction());

    private void ApplyTemplate(CarePlanTemplate template)
    {
        if (Plan is { } plan)
            Dispatcher.Dispatch(new ApplyCarePlanTemplateAction(plan.PlanId, template.Key));
    }

    private async Task SetStatusAsync(CarePlanStatus status)
    {
        if (Plan is not { } plan)
            return;
        var (title, message, yes) = status == CarePlanStatus.Completed
            ? ("Complete this care plan?", "A completed plan is kept with its history and can be printed, but no longer changed. A new plan can be started afterwards.", "Complete plan")
            : ("Revoke this care plan?", "Revoke a plan that should not be followed (started in error, the patient left the programme). It is kept with its history but no longer changed.", "Revoke plan");
        if (await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true)
            Dispatcher.Dispatch(new SetCarePlanStatusAction(plan.PlanId, status));
    }

    private async Task ShowPlanHistoryAsync()
    {
        if (Plan is { } plan)
            await CarePlanHistoryDialog.ShowAsync(Dialogs, plan.PlanId, null, "Plan history");
    }

    private async Task ShowItemHistoryAsync(CarePlanItemView item)
    {
        if (Plan is not { } plan)
            return;
        var text = item.Text.Length > 50 ? string.Concat(item.Text.AsSpan(0, 47), "…") : item.Text;
        await CarePlanHistoryDialog.ShowAsync(Dialogs, plan.PlanId, item.Id, $"History · {CarePlanText.KindName(item.Kind)}: {text}");
    }

    private async Task OfferDraftsAsync()
    {
        if (Plan is not { } plan)
            return;
        var stored = await _drafts.ListAsync(plan.PlanId);
        if (_disposed || Plan is not { } shown || shown.PlanId != plan.PlanId)
            return;
        var (offers, stale) = CarePlanDraftOffers.Sort(stored, shown, key => _drafts.FieldAt(key)?.CurrentText);
        foreach (var draft in stale)
            await _drafts.ClearAsync(draft.Key, draft.Text);
        if (offers.Count == 0 && _offers.Count == 0)
            return;
        _offers = offers;
        StateHasChanged();
    }

    private async Task RestoreAsync(CarePlanDraftOffer offer)
    {
        _offers = [.. _offers.Where(o => o.Key != offer.Key)];
        if (_drafts.FieldAt(offer.Key) is { } field)
        {
            await field.RestoreAsync(offer.Text, offer.Base);
            return;
        }
        Snackbar.Add("That item is no longer on the plan; the text could not be put back.", Severity.Warning);
    }

    private async Task DiscardAsync(CarePlanDraftOffer offer)
    {
        _offers = [.. _offers.Where(o => o.Key != offer.Key)];
        await _drafts.ClearAsync(offer.Key, offer.Text);
    }

    // The connection is back: events may have been missed (delivery is at most once), and the browser may hold text.
    private void OnReconnected(object? sender, EventArgs e) => _ = OnUiThreadAsync(async () =>
    {
        Reload();
        await OfferDraftsAsync();
    });

    private async Task OnUiThreadAsync(Action work)
    {
        if (_disposed)
            return;
        try
        {
            await InvokeAsync(work);
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away meanwhile: nothing to show any more.
        }
    }

    private async Task OnUiThreadAsync(Func<Task> work)
    {
        if (_disposed)
            return;
        try
        {
            await InvokeAsync(work);
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away meanwhile.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            Circuit.Reconnected -= OnReconnected;
            _plan.Dispose();
            List<TaskCompletionSource<CarePlanResult>> pending;
            lock (_gate)
            {
                _presenceSubscription?.Dispose();
                _presenceSubscription = null;
                _presenceResource = null;
                _focus?.Dispose();
                _focus = null;
                pending = [.. _replies.Values];
                _replies.Clear();
            }
            foreach (var reply in pending)
                reply.TrySetResult(new CarePlanResult.Invalid(CarePlanMessages.PageClosed));
            _ = _drafts.DisposeAsync().AsTask();
        }
        base.Dispose(disposing);
    }
}
