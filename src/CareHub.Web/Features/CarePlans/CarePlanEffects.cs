using CareHub.Flux;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// Calls <see cref="CarePlanService"/> for every request and reports the answer as an action. A change event is turned
/// into exactly the read its reducer decided (<see cref="CarePlanState.LastSync"/>): the one item, or the whole plan.
/// Every read goes through the user's own access, so an event never shows anyone what they may not see.
/// </summary>
public sealed class CarePlanEffects(IState<CarePlanState> state, ILogger<CarePlanEffects> logger, CarePlanService service)
{
    private CarePlanService Plans => service;

    [EffectMethod]
    public Task Handle(OpenCarePlanAction action, IDispatcher dispatcher) => OpenAsync(action.PatientId, dispatcher);

    [EffectMethod]
    public async Task Handle(StartCarePlanAction action, IDispatcher dispatcher)
    {
        CarePlanResult result;
        try
        {
            result = await Plans.StartAsync(action.PatientId, action.TemplateKey, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Starting a care plan failed");
            dispatcher.Dispatch(new StartCarePlanFailedAction(action.PatientId, CarePlanMessages.CouldNotSave));
            return;
        }
        switch (result)
        {
            case CarePlanResult.Saved:
                await OpenAsync(action.PatientId, dispatcher);
                break;
            case CarePlanResult.Invalid { Message: CarePlanService.AlreadyStartedMessage }:
                // Someone else started it a moment ago: show theirs.
                await OpenAsync(action.PatientId, dispatcher);
                break;
            case CarePlanResult.NotFound:
                dispatcher.Dispatch(new CarePlanOpenedAction(action.PatientId, new CarePlanPage.NotFound()));
                break;
            default:
                dispatcher.Dispatch(new StartCarePlanFailedAction(action.PatientId, CarePlanMessages.Of(result)));
                break;
        }
    }

    [EffectMethod]
    public async Task Handle(CarePlanChangedRemotelyAction action, IDispatcher dispatcher)
    {
        // The reducer ran just before this, under the same dispatch: LastSync is this event's step.
        if (state.Value.LastSync is not { } step || step.Version != action.Version || state.Value.PlanId != action.PlanId)
            return;
        switch (step.Kind)
        {
            case CarePlanSyncKind.FetchItem when step.ItemId is { } itemId:
                await FetchItemAsync(action.PlanId, action.Version, itemId, dispatcher);
                break;
            case CarePlanSyncKind.ReloadPlan:
                await ReloadAsync(action.PlanId, dispatcher);
                break;
        }
    }

    [EffectMethod]
    public Task Handle(ReloadCarePlanAction action, IDispatcher dispatcher) => ReloadAsync(action.PlanId, dispatcher);

    [EffectMethod]
    public async Task Handle(LoadCarePlanAssigneesAction action, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new CarePlanAssigneesLoadedAction(action.PlanId, await Plans.AssigneesAsync(action.PlanId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The assignee lists show the current assignee only; nothing else depends on them.
            logger.LogError(e, "Loading a care plan's assignees failed");
        }
    }

    [EffectMethod]
    public Task Handle(AddCarePlanItemAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.PlanId, action, ct => Plans.AddItemAsync(action.PlanId, action.Item, ct), dispatcher);

    [EffectMethod]
    public Task Handle(EditCarePlanFieldAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.PlanId, action, ct => Plans.EditAsync(action.PlanId, action.Edit, ct), dispatcher);

    [EffectMethod]
    public Task Handle(SetCarePlanStatusAction action, IDispatcher dispatcher) =>
        ChangeAsync(action.PlanId, action, ct => Plans.SetStatusAsync(action.PlanId, action.Status, ct), dispatcher);

    [EffectMethod]
    public async Task Handle(ApplyCarePlanTemplateAction action, IDispatcher dispatcher)
    {
        if (await ChangeAsync(action.PlanId, action, ct => Plans.ApplyTemplateAsync(action.PlanId, action.TemplateKey, ct), dispatcher))
            await ReloadAsync(action.PlanId, dispatcher); // several items at once: read them all
    }

    private async Task<bool> ChangeAsync(Guid planId, object change, Func<CancellationToken, Task<CarePlanResult>> call, IDispatcher dispatcher)
    {
        CarePlanResult result;
        try
        {
            result = await call(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Saving a care plan change ({Change}) failed", change.GetType().Name);
            result = new CarePlanResult.Invalid(CarePlanMessages.CouldNotSave);
        }
        if (result is CarePlanResult.Saved saved)
        {
            dispatcher.Dispatch(new CarePlanChangeSucceededAction(planId, change, saved));
            return true;
        }
        dispatcher.Dispatch(new CarePlanChangeFailedAction(planId, change, result));
        return false;
    }

    private async Task OpenAsync(Guid patientId, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new CarePlanOpenedAction(patientId, await Plans.OpenAsync(patientId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Opening a care plan failed");
            dispatcher.Dispatch(new CarePlanOpenFailedAction(patientId, CarePlanMessages.CouldNotLoad));
        }
    }

    private async Task FetchItemAsync(Guid planId, long version, Guid itemId, IDispatcher dispatcher)
    {
        try
        {
            if (await Plans.GetItemAsync(planId, itemId, CancellationToken.None) is { } item)
            {
                dispatcher.Dispatch(new CarePlanItemLoadedAction(planId, version, item));
                return;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Reading a changed care-plan item failed; reading the whole plan instead");
        }
        await ReloadAsync(planId, dispatcher);
    }

    private async Task ReloadAsync(Guid planId, IDispatcher dispatcher)
    {
        try
        {
            dispatcher.Dispatch(new CarePlanReloadedAction(planId, await Plans.GetPlanAsync(planId, CancellationToken.None)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Reloading a care plan failed");
            dispatcher.Dispatch(new CarePlanReloadFailedAction(planId, CarePlanMessages.CouldNotRefresh));
        }
    }
}
