namespace CareHub.Web.Features.CarePlans;

/// <summary>What a screen does with a change event of the plan it shows.</summary>
public enum CarePlanSyncKind
{
    /// <summary>Already shown (this screen's own change, or a repeat).</summary>
    Ignore,

    /// <summary>The very next version, of one item: read that item again.</summary>
    FetchItem,

    /// <summary>A version was missed, or the change was not of one item: read the whole plan again.</summary>
    ReloadPlan,
}

/// <summary>The step a change event asked for (kept in the state so the effect does what the reducer decided).</summary>
public sealed record CarePlanSyncStep(CarePlanSyncKind Kind, long Version, Guid? ItemId);

/// <summary>
/// Gap detection: delivery on the bus is at most once, and every event carries the plan's version after the change,
/// so a screen that knows version N takes N + 1 item by item and reloads on anything else.
/// </summary>
public static class CarePlanSync
{
    public static CarePlanSyncKind Decide(long shown, long version, Guid? itemId) =>
        version <= shown ? CarePlanSyncKind.Ignore
        : version == shown + 1 && itemId is not null ? CarePlanSyncKind.FetchItem
        : CarePlanSyncKind.ReloadPlan;
}
