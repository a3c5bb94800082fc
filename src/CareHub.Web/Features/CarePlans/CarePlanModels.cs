using CareHub.Domain.CarePlans;

namespace CareHub.Web.Features.CarePlans;

/// <summary>What the care-plan page of a patient shows: the plan, or that the patient has none yet.</summary>
public abstract record CarePlanPage
{
    private CarePlanPage() { }

    /// <summary>The patient does not exist or is not on the user's teams (the two read alike).</summary>
    public sealed record NotFound : CarePlanPage;

    /// <summary>The patient has no open plan yet: the page offers to start one, blank or from a template.</summary>
    public sealed record NoPlan(Guid PatientId, string PatientName) : CarePlanPage;

    public sealed record Found(CarePlanView Plan) : CarePlanPage;
}

/// <summary>
/// One plan as a screen shows it. <see cref="Version"/> moves with every change to the plan or an item, so a screen
/// that sees an event version other than Version + 1 knows it missed one and reloads.
/// </summary>
public sealed record CarePlanView(
    Guid PlanId, long Version, Guid PatientId, string PatientName, string Title, CarePlanStatus Status,
    DateTimeOffset LastChangedAt, IReadOnlyList<CarePlanItemView> Items, IReadOnlyList<CareTeamMemberView> CareTeam)
{
    /// <summary>The items of a section in plan order (position, then creation).</summary>
    public IEnumerable<CarePlanItemView> Section(CarePlanItemKind kind) =>
        Items.Where(i => i.Kind == kind).OrderBy(i => i.Position).ThenBy(i => i.Id);

    public bool IsClosed => Status is CarePlanStatus.Completed or CarePlanStatus.Revoked;
}

/// <summary>
/// One item, every field in its text form too (<see cref="ValueOf"/>), as edits carry them. <see cref="Version"/> is
/// the item's own version: an edit names the version its editor started from.
/// </summary>
public sealed record CarePlanItemView(
    Guid Id, long Version, CarePlanItemKind Kind, int Position, string Text, string Detail, string? Category,
    CarePlanItemStatus Status, Guid? AssigneeId, string? AssigneeName, DateOnly? Due, GoalLifecycle? Lifecycle,
    GoalAchievement? Achievement, MedicationSources Sources, bool Reconciled, string? Discrepancy,
    DateTimeOffset? ChangedAt, string? ChangedBy)
{
    public string? ValueOf(CarePlanField field) => field switch
    {
        CarePlanField.Text => Text,
        CarePlanField.Detail => Detail,
        CarePlanField.Category => Category,
        CarePlanField.Status => Status.ToString(),
        CarePlanField.Assignee => AssigneeId?.ToString("D"),
        CarePlanField.Due => Due?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        CarePlanField.Lifecycle => Lifecycle?.ToString(),
        CarePlanField.Achievement => Achievement?.ToString(),
        CarePlanField.Sources => Sources == MedicationSources.None ? null : Sources.ToString(),
        CarePlanField.Reconciled => Reconciled ? "true" : "false",
        _ => null,
    };

    public bool IsOpen => Status is not (CarePlanItemStatus.Completed or CarePlanItemStatus.Cancelled);
}

/// <summary>A member of the patient's care team (the staff of the patient's teams the user shares).</summary>
public sealed record CareTeamMemberView(Guid StaffId, string Name, string Role, string TeamName, bool IsCoordinator);

/// <summary>
/// One field edit: the new value of <paramref name="Field"/> of item <paramref name="ItemId"/>, typed by someone who
/// started from the item's version <paramref name="BaseVersion"/>. Text fields are merged onto what is there now;
/// other fields conflict when someone else changed them since the base version.
/// </summary>
public sealed record FieldEdit(Guid ItemId, CarePlanField Field, long BaseVersion, string? Value);

/// <summary>A new item for a section.</summary>
public sealed record NewCarePlanItem(CarePlanItemKind Kind, string Text)
{
    public string? Detail { get; init; }
    public string? Category { get; init; }
    public Guid? AssigneeId { get; init; }
    public DateOnly? Due { get; init; }
}

/// <summary>The answer to a change of a plan.</summary>
public abstract record CarePlanResult
{
    private CarePlanResult() { }

    /// <summary>
    /// Committed. <see cref="Value"/> is the field's value as saved (a merge of the edit with newer text when
    /// <see cref="Merged"/>); <see cref="Item"/> is the item after the change; <see cref="PlanVersion"/> the plan's.
    /// </summary>
    public sealed record Saved(CarePlanItemView? Item, string? Value, bool Merged, long PlanVersion) : CarePlanResult
    {
        /// <summary>When <see cref="Merged"/>: who last changed the field since the edit's base version (null when unknown).</summary>
        public string? MergedWith { get; init; }
    }

    /// <summary>
    /// Not saved: someone else changed the same part of the field since the version the edit started from. The person chooses
    /// or combines <see cref="Mine"/> and <see cref="Theirs"/> and saves again from <see cref="Item"/>'s version.
    /// </summary>
    public sealed record Conflict(CarePlanItemView Item, CarePlanField Field, string? Base, string? Mine, string? Theirs, string? TheirName) : CarePlanResult;

    /// <summary>The plan or item does not exist or is not the user's to see (the two read alike).</summary>
    public sealed record NotFound : CarePlanResult;

    /// <summary>Refused, nothing changed; <see cref="Message"/> says why in a coordinator's words.</summary>
    public sealed record Invalid(string Message) : CarePlanResult;
}

/// <summary>One entry of the history: who changed what, when, from what to what.</summary>
public sealed record CarePlanChangeView(
    Guid Id, Guid? ItemId, CarePlanItemKind? Kind, string What, CarePlanField? Field, string? Before, string? After,
    string By, DateTimeOffset At, long ItemVersion, bool Merged);

/// <summary>Someone an item can be assigned to: a member of the patient's teams.</summary>
public sealed record CarePlanAssignee(Guid StaffId, string Name);

/// <summary>The plan with its whole history, for print and export.</summary>
public sealed record CarePlanExport(CarePlanView Plan, IReadOnlyList<CarePlanChangeView> History, DateTimeOffset ExportedAt, string ExportedBy);
