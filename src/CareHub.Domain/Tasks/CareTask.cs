using CareHub.Domain.Common;

namespace CareHub.Domain.Tasks;

public enum CareTaskStatus
{
    Open,
    Done,
    Cancelled,
}

public enum CareTaskPriority
{
    Routine,
    High,
    Urgent,
}

/// <summary>A piece of work on a patient with an owner and a due date.</summary>
public sealed class CareTask : VersionedEntity, IPatientOwned
{
    private CareTask() { Title = string.Empty; }

    public CareTask(Guid patientId, Guid teamId, string title, Guid assigneeId, DateTimeOffset dueAt, CareTaskPriority priority, DateTimeOffset createdAt)
    {
        PatientId = Guard.Id(patientId, "Patient");
        TeamId = Guard.Id(teamId, "Care team");
        Title = Guard.Text(title, "Task title", 300);
        AssigneeId = Guard.Id(assigneeId, "Assignee");
        if (dueAt < createdAt.AddMinutes(-1))
            throw new DomainRuleException("A new task cannot be due in the past.");
        DueAt = dueAt;
        Priority = priority;
        CreatedAt = createdAt;
        Status = CareTaskStatus.Open;
    }

    public Guid PatientId { get; private set; }
    public Guid TeamId { get; private set; }
    public string Title { get; private set; }
    public Guid AssigneeId { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public CareTaskPriority Priority { get; private set; }
    public CareTaskStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsOverdue(DateTimeOffset now) => Status == CareTaskStatus.Open && DueAt < now;

    public void Complete(DateTimeOffset at)
    {
        if (Status != CareTaskStatus.Open)
            throw new DomainRuleException($"This task is already {Status.ToString().ToLowerInvariant()}.");
        Status = CareTaskStatus.Done;
        CompletedAt = at;
    }

    public void Cancel()
    {
        if (Status != CareTaskStatus.Open)
            throw new DomainRuleException($"This task is already {Status.ToString().ToLowerInvariant()}.");
        Status = CareTaskStatus.Cancelled;
    }

    public void Reassign(Guid assigneeId, DateTimeOffset dueAt)
    {
        if (Status != CareTaskStatus.Open)
            throw new DomainRuleException("Only an open task can be reassigned.");
        AssigneeId = Guard.Id(assigneeId, "Assignee");
        DueAt = dueAt;
    }
}
