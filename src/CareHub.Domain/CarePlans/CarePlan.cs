using CareHub.Domain.Common;

namespace CareHub.Domain.CarePlans;

public enum CarePlanStatus
{
    Draft,
    Active,
    Completed,
    Revoked,
}

/// <summary>The sections of a care plan; each item is edited and versioned on its own.</summary>
public enum CarePlanItemKind
{
    Problem,
    Goal,
    Intervention,
    Medication,
    Service,
    Appointment,
    Barrier,
    AdvanceCarePlanning,
}

public enum CarePlanItemStatus
{
    Proposed,
    Active,
    OnHold,
    Completed,
    Cancelled,
}

/// <summary>One care plan per patient, written together by the team.</summary>
public sealed class CarePlan : VersionedEntity, IPatientOwned
{
    private readonly List<CarePlanItem> _items = [];

    private CarePlan() { Title = string.Empty; }

    public CarePlan(Guid patientId, string title, DateTimeOffset createdAt)
    {
        PatientId = Guard.Id(patientId, "Patient");
        Title = Guard.Text(title, "Plan title", 200);
        CreatedAt = createdAt;
        Status = CarePlanStatus.Draft;
    }

    public Guid PatientId { get; private set; }
    public string Title { get; private set; }
    public CarePlanStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyList<CarePlanItem> Items => _items;

    public void Activate()
    {
        if (Status is CarePlanStatus.Completed or CarePlanStatus.Revoked)
            throw new DomainRuleException($"A {Status.ToString().ToLowerInvariant()} plan cannot be made active again; start a new plan.");
        Status = CarePlanStatus.Active;
    }

    public void Complete()
    {
        if (Status != CarePlanStatus.Active)
            throw new DomainRuleException("Only an active plan can be completed.");
        Status = CarePlanStatus.Completed;
    }

    public CarePlanItem AddItem(CarePlanItemKind kind, string text, Guid? assigneeId, DateOnly? due)
    {
        if (Status is CarePlanStatus.Completed or CarePlanStatus.Revoked)
            throw new DomainRuleException("Items cannot be added to a closed plan.");
        var item = new CarePlanItem(Id, PatientId, kind, text, assigneeId, due, _items.Count);
        _items.Add(item);
        return item;
    }
}

public sealed class CarePlanItem : VersionedEntity, IPatientOwned
{
    public const int MaxTextLength = 4000;

    private CarePlanItem() { Text = string.Empty; }

    internal CarePlanItem(Guid carePlanId, Guid patientId, CarePlanItemKind kind, string text, Guid? assigneeId, DateOnly? due, int position)
    {
        CarePlanId = carePlanId;
        PatientId = patientId;
        Kind = kind;
        Text = Guard.Text(text, "Item text", MaxTextLength);
        AssigneeId = assigneeId;
        Due = due;
        Position = position;
        Status = CarePlanItemStatus.Active;
    }

    public Guid CarePlanId { get; private set; }
    public Guid PatientId { get; private set; }
    public CarePlanItemKind Kind { get; private set; }
    public string Text { get; private set; }
    public CarePlanItemStatus Status { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public DateOnly? Due { get; private set; }
    public int Position { get; private set; }

    public void Edit(string text) => Text = Guard.Text(text, "Item text", MaxTextLength);

    public void Assign(Guid? assigneeId, DateOnly? due)
    {
        AssigneeId = assigneeId;
        Due = due;
    }

    public void ChangeStatus(CarePlanItemStatus status)
    {
        if (Status is CarePlanItemStatus.Completed or CarePlanItemStatus.Cancelled && status is CarePlanItemStatus.Active or CarePlanItemStatus.Proposed or CarePlanItemStatus.OnHold)
            throw new DomainRuleException($"A {Status.ToString().ToLowerInvariant()} item cannot be reopened; add a new one.");
        Status = status;
    }
}
