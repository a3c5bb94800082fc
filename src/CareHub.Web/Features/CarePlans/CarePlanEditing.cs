namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// What every item of a shown plan edits with: how to save, where focus is told, who is where, the browser's kept
/// text, the people to assign to. Made by the page for each render, handed down through the sections.
/// </summary>
public sealed record CarePlanEditing(
    Guid PlanId,
    bool ReadOnly,
    Func<FieldEdit, Task<CarePlanResult>> Save,
    Func<CarePlanItemView, Task> ShowHistory,
    CarePlanFieldFocus? Focus,
    CarePlanFieldPresence Presence,
    CarePlanDrafts? Drafts,
    IReadOnlyList<CarePlanAssignee> Assignees);
