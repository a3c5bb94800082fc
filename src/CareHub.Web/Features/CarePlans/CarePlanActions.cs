using CareHub.Domain.CarePlans;

namespace CareHub.Web.Features.CarePlans;

/// <summary>Opens the care plan of <paramref name="PatientId"/> (or learns that there is none, or no such patient).</summary>
public sealed record OpenCarePlanAction(Guid PatientId);

public sealed record CarePlanOpenedAction(Guid PatientId, CarePlanPage Page);

public sealed record CarePlanOpenFailedAction(Guid PatientId, string Message);

/// <summary>Starts the patient's plan, blank (<paramref name="TemplateKey"/> null) or from a template.</summary>
public sealed record StartCarePlanAction(Guid PatientId, string? TemplateKey);

public sealed record StartCarePlanFailedAction(Guid PatientId, string Message);

/// <summary>The bus said the plan changed to <paramref name="Version"/> (one item's change when <paramref name="ItemId"/> is set).</summary>
public sealed record CarePlanChangedRemotelyAction(Guid PlanId, long Version, Guid? ItemId);

/// <summary>Reads the whole plan again (a gap in versions, the connection came back, the page started following).</summary>
public sealed record ReloadCarePlanAction(Guid PlanId);

/// <summary>The plan as read again; null: it is gone, or no longer the user's to see.</summary>
public sealed record CarePlanReloadedAction(Guid PlanId, CarePlanView? Plan);

public sealed record CarePlanReloadFailedAction(Guid PlanId, string Message);

/// <summary>One item as read again after its change event (version <paramref name="Version"/> of the plan).</summary>
public sealed record CarePlanItemLoadedAction(Guid PlanId, long Version, CarePlanItemView Item);

public sealed record LoadCarePlanAssigneesAction(Guid PlanId);

public sealed record CarePlanAssigneesLoadedAction(Guid PlanId, IReadOnlyList<CarePlanAssignee> Assignees);

public sealed record AddCarePlanItemAction(Guid PlanId, NewCarePlanItem Item);

/// <summary>Saves one field of one item (text fields as the person types, choice fields when chosen).</summary>
public sealed record EditCarePlanFieldAction(Guid PlanId, FieldEdit Edit);

public sealed record SetCarePlanStatusAction(Guid PlanId, CarePlanStatus Status);

public sealed record ApplyCarePlanTemplateAction(Guid PlanId, string TemplateKey);

/// <summary>A change of the plan was saved (<paramref name="Change"/> is the action that asked for it).</summary>
public sealed record CarePlanChangeSucceededAction(Guid PlanId, object Change, CarePlanResult.Saved Saved);

/// <summary>
/// A change was not saved: <paramref name="Result"/> is the conflict, refusal or not-found the service answered (a
/// failure to reach it reads as a refusal that says so).
/// </summary>
public sealed record CarePlanChangeFailedAction(Guid PlanId, object Change, CarePlanResult Result);

/// <summary>The person dismissed the message about the last page-wide failure.</summary>
public sealed record DismissCarePlanErrorAction;
