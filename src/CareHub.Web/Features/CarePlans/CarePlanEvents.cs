namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// What the care-plan feature publishes on <c>Topics.CarePlan(planId)</c>: the plan id, the plan's new version and
/// the changed item's id (none for a change of the plan itself or several items at once). Never clinical text.
/// </summary>
public static class CarePlanEvents
{
    public const string Changed = "careplan.changed";
}
