using CareHub.Domain.Common;

namespace CareHub.Domain.CarePlans;

/// <summary>
/// One care plan per patient, written together by the team. Its <see cref="VersionedEntity.Version"/> moves with
/// every change to the plan or any of its items (see <see cref="RecordChange"/>), so a screen that missed an event
/// sees the gap in the plan's version and reloads.
/// </summary>
public sealed class CarePlan : VersionedEntity, IPatientOwned
{
    public const int MaxItems = 500;

    private readonly List<CarePlanItem> _items = [];

    private CarePlan() { Title = string.Empty; }

    public CarePlan(Guid patientId, string title, DateTimeOffset createdAt)
    {
        PatientId = Guard.Id(patientId, "Patient");
        Title = Guard.Text(title, "Plan title", 200);
        CreatedAt = createdAt;
        LastChangedAt = createdAt;
        Status = CarePlanStatus.Draft;
    }

    public Guid PatientId { get; private set; }
    public string Title { get; private set; }
    public CarePlanStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastChangedAt { get; private set; }
    public IReadOnlyList<CarePlanItem> Items => _items;

    public bool IsClosed => Status is CarePlanStatus.Completed or CarePlanStatus.Revoked;

    public void Activate()
    {
        if (IsClosed)
            throw new DomainRuleException($"A {Status.ToString().ToLowerInvariant()} plan cannot be made active again; start a new plan.");
        Status = CarePlanStatus.Active;
    }

    public void Complete()
    {
        if (Status != CarePlanStatus.Active)
            throw new DomainRuleException("Only an active plan can be completed.");
        Status = CarePlanStatus.Completed;
    }

    /// <summary>Withdraws a plan that should not be followed (started in error, patient left the programme).</summary>
    public void Revoke()
    {
        if (IsClosed)
            throw new DomainRuleException($"This plan is already {Status.ToString().ToLowerInvariant()}.");
        Status = CarePlanStatus.Revoked;
    }

    /// <summary>Marks the plan changed (an item of it changed): its version moves on save.</summary>
    public void RecordChange(DateTimeOffset at) => LastChangedAt = at > LastChangedAt ? at : LastChangedAt;

    /// <summary>Refuses changes to a completed or revoked plan.</summary>
    public void EnsureOpen()
    {
        if (IsClosed)
            throw new DomainRuleException($"This plan is {Status.ToString().ToLowerInvariant()}; it can no longer be changed.");
    }

    public CarePlanItem AddItem(CarePlanItemKind kind, string text, Guid? assigneeId, DateOnly? due) =>
        AddItem(new CarePlanItemSpec(kind, text) { AssigneeId = assigneeId, Due = due }, _items.Count);

    /// <summary>Adds an item at <paramref name="position"/> (the caller knows the items stored, this plan may hold only the new ones).</summary>
    public CarePlanItem AddItem(CarePlanItemSpec spec, int position)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (IsClosed)
            throw new DomainRuleException("Items cannot be added to a closed plan.");
        if (position >= MaxItems)
            throw new DomainRuleException($"A plan can hold at most {MaxItems} items; complete this plan and start a new one.");
        var item = new CarePlanItem(Id, PatientId, spec, position);
        _items.Add(item);
        return item;
    }
}

/// <summary>What a new item starts with.</summary>
public sealed record CarePlanItemSpec(CarePlanItemKind Kind, string Text)
{
    public string? Detail { get; init; }
    public string? Category { get; init; }
    public Guid? AssigneeId { get; init; }
    public DateOnly? Due { get; init; }
    public MedicationSources Sources { get; init; }
}
