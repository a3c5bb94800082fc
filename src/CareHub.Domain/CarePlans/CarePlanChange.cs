using CareHub.Domain.Common;

namespace CareHub.Domain.CarePlans;

/// <summary>
/// One entry of a plan's history: who changed which field of which item, when, from what to what. Append-only:
/// nothing changes an entry once written. <see cref="ItemVersion"/> is the item's version after the change, so the
/// entries of a field in item-version order replay to the field's current value; <see cref="BaseVersion"/> is the
/// version the editor started from (lower than ItemVersion - 1 when the change was merged onto newer text).
/// </summary>
public sealed class CarePlanChange : Entity, IPatientOwned
{
    private CarePlanChange() { }

    public CarePlanChange(CarePlan plan, CarePlanItem? item, CarePlanField? field, string? before, string? after,
        Guid? staffId, DateTimeOffset at, long itemVersion, long baseVersion, bool merged)
    {
        ArgumentNullException.ThrowIfNull(plan);
        CarePlanId = plan.Id;
        PatientId = plan.PatientId;
        ItemId = item?.Id;
        Field = field;
        Before = before;
        After = after;
        StaffId = staffId;
        At = at;
        ItemVersion = itemVersion;
        BaseVersion = baseVersion;
        Merged = merged;
    }

    public Guid CarePlanId { get; private set; }
    public Guid PatientId { get; private set; }

    /// <summary>Null for a change to the plan itself (its status).</summary>
    public Guid? ItemId { get; private set; }

    /// <summary>Null when the item was created (then <see cref="After"/> is its text) or for a plan status change.</summary>
    public CarePlanField? Field { get; private set; }

    public string? Before { get; private set; }
    public string? After { get; private set; }
    public Guid? StaffId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public long ItemVersion { get; private set; }
    public long BaseVersion { get; private set; }
    public bool Merged { get; private set; }
}
