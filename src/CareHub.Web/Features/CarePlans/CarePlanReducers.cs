using CareHub.Flux;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// The care plan's reducers, and the pure rules they apply: an item is replaced only by a newer version of itself, a
/// plan read again keeps items this screen already has newer, and the plan's version moves on only one step at a time
/// (a change heard out of order leaves a gap that the next event's reload fills).
/// </summary>
public static class CarePlanReducers
{
    [ReducerMethod]
    public static CarePlanState OnOpen(CarePlanState state, OpenCarePlanAction action) =>
        // Opening the shown patient again (back to the page, a plan completed) keeps it on screen meanwhile.
        action.PatientId == state.PatientId && state.Status is CarePlanLoadStatus.Loaded or CarePlanLoadStatus.NoPlan
            ? state with { Error = null }
            : new CarePlanState { PatientId = action.PatientId, Status = CarePlanLoadStatus.Loading };

    [ReducerMethod]
    public static CarePlanState OnOpened(CarePlanState state, CarePlanOpenedAction action)
    {
        if (action.PatientId != state.PatientId)
            return state;
        return action.Page switch
        {
            CarePlanPage.Found found => state with
            {
                Status = CarePlanLoadStatus.Loaded,
                Plan = Merged(state.Plan, found.Plan),
                PatientName = found.Plan.PatientName,
                IsStarting = false,
                Assignees = state.Plan?.PlanId == found.Plan.PlanId ? state.Assignees : [],
            },
            CarePlanPage.NoPlan none => state with
            {
                Status = CarePlanLoadStatus.NoPlan,
                Plan = null,
                PatientName = none.PatientName,
                IsStarting = false,
                Assignees = [],
                LastSync = null,
            },
            _ => new CarePlanState { PatientId = state.PatientId, Status = CarePlanLoadStatus.NotFound },
        };
    }

    [ReducerMethod]
    public static CarePlanState OnOpenFailed(CarePlanState state, CarePlanOpenFailedAction action) =>
        action.PatientId != state.PatientId
            ? state
            : state with
            {
                Status = state.Status is CarePlanLoadStatus.Loaded or CarePlanLoadStatus.NoPlan ? state.Status : CarePlanLoadStatus.Failed,
                IsStarting = false,
                Error = action.Message,
            };

    [ReducerMethod]
    public static CarePlanState OnStart(CarePlanState state, StartCarePlanAction action) =>
        action.PatientId != state.PatientId ? state : state with { IsStarting = true, Error = null };

    [ReducerMethod]
    public static CarePlanState OnStartFailed(CarePlanState state, StartCarePlanFailedAction action) =>
        action.PatientId != state.PatientId ? state : state with { IsStarting = false, Error = action.Message };

    [ReducerMethod]
    public static CarePlanState OnChangedRemotely(CarePlanState state, CarePlanChangedRemotelyAction action)
    {
        if (state.Plan is not { } plan || plan.PlanId != action.PlanId)
            return state;
        var kind = CarePlanSync.Decide(plan.Version, action.Version, action.ItemId);
        var step = new CarePlanSyncStep(kind, action.Version, action.ItemId);
        // Heard: the version is taken in now, so the event after it is the next step, not a gap, while this one is fetched.
        return kind == CarePlanSyncKind.Ignore
            ? state with { LastSync = step }
            : state with { LastSync = step, Plan = plan with { Version = action.Version } };
    }

    [ReducerMethod]
    public static CarePlanState OnItemLoaded(CarePlanState state, CarePlanItemLoadedAction action) =>
        state.Plan is { } plan && plan.PlanId == action.PlanId ? state with { Plan = WithItem(plan, action.Item) } : state;

    [ReducerMethod]
    public static CarePlanState OnReloaded(CarePlanState state, CarePlanReloadedAction action)
    {
        if (state.Plan is not { } plan || plan.PlanId != action.PlanId)
            return state;
        return action.Plan is null
            ? new CarePlanState { PatientId = state.PatientId, Status = CarePlanLoadStatus.NotFound }
            : state with { Plan = Merged(plan, action.Plan), Status = CarePlanLoadStatus.Loaded };
    }

    [ReducerMethod]
    public static CarePlanState OnReloadFailed(CarePlanState state, CarePlanReloadFailedAction action) =>
        state.PlanId != action.PlanId ? state : state with { Error = action.Message };

    [ReducerMethod]
    public static CarePlanState OnAssigneesLoaded(CarePlanState state, CarePlanAssigneesLoadedAction action) =>
        state.PlanId != action.PlanId ? state : state with { Assignees = action.Assignees };

    [ReducerMethod]
    public static CarePlanState OnChangeRequested(CarePlanState state, SetCarePlanStatusAction action) =>
        state.PlanId != action.PlanId ? state : state with { Error = null };

    [ReducerMethod]
    public static CarePlanState OnTemplateRequested(CarePlanState state, ApplyCarePlanTemplateAction action) =>
        state.PlanId != action.PlanId ? state : state with { Error = null };

    [ReducerMethod]
    public static CarePlanState OnChangeSucceeded(CarePlanState state, CarePlanChangeSucceededAction action)
    {
        if (state.Plan is not { } plan || plan.PlanId != action.PlanId)
            return state;
        var saved = action.Saved;
        var next = saved.Item is { } item ? WithItem(plan, item) : plan;
        if (action.Change is SetCarePlanStatusAction status)
            next = next with { Status = status.Status };
        return state with { Plan = Advanced(next, saved.PlanVersion) };
    }

    [ReducerMethod]
    public static CarePlanState OnChangeFailed(CarePlanState state, CarePlanChangeFailedAction action)
    {
        if (state.Plan is not { } plan || plan.PlanId != action.PlanId)
            return state;
        // A conflict carries the item as it is now: show it (the choice fields show the other person's value).
        var next = action.Result is CarePlanResult.Conflict conflict ? state with { Plan = WithItem(plan, conflict.Item) } : state;
        // Item changes say why where the person made them; plan-wide ones say it at the top of the page.
        return action.Change is SetCarePlanStatusAction or ApplyCarePlanTemplateAction
            ? next with { Error = CarePlanMessages.Of(action.Result) }
            : next;
    }

    [ReducerMethod(typeof(DismissCarePlanErrorAction))]
    public static CarePlanState OnDismissError(CarePlanState state) => state with { Error = null };

    /// <summary>The plan with <paramref name="item"/>: added when new, replaced only when its version is newer.</summary>
    public static CarePlanView WithItem(CarePlanView plan, CarePlanItemView item)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(item);
        var items = new List<CarePlanItemView>(plan.Items.Count + 1);
        var found = false;
        foreach (var shown in plan.Items)
        {
            if (shown.Id != item.Id)
            {
                items.Add(shown);
                continue;
            }
            if (item.Version <= shown.Version)
                return plan;
            items.Add(item);
            found = true;
        }
        if (!found)
            items.Add(item);
        return plan with { Items = Ordered(items) };
    }

    /// <summary>
    /// A plan read again, over the one shown: items by id, the newer version of each (reads run concurrently and may
    /// answer out of order); the plan's own fields from whichever of the two is newer.
    /// </summary>
    public static CarePlanView Merged(CarePlanView? shown, CarePlanView loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (shown is null || shown.PlanId != loaded.PlanId)
            return loaded;
        var byId = shown.Items.ToDictionary(i => i.Id);
        foreach (var item in loaded.Items)
        {
            if (!byId.TryGetValue(item.Id, out var mine) || item.Version > mine.Version)
                byId[item.Id] = item;
        }
        var newer = loaded.Version >= shown.Version ? loaded : shown;
        return newer with { Version = Math.Max(shown.Version, loaded.Version), Items = Ordered(byId.Values) };
    }

    /// <summary>The plan at <paramref name="planVersion"/> when that is the very next version; unchanged otherwise (a gap stays a gap).</summary>
    public static CarePlanView Advanced(CarePlanView plan, long planVersion)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return planVersion == plan.Version + 1 ? plan with { Version = planVersion } : plan;
    }

    private static CarePlanItemView[] Ordered(IEnumerable<CarePlanItemView> items) =>
        [.. items.OrderBy(i => i.Kind).ThenBy(i => i.Position).ThenBy(i => i.Id)];
}
