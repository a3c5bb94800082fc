using CareHub.Domain.Common;
using CareHub.Domain.Transitions;

namespace CareHub.Domain.Tasks;

public enum CareTaskStatus
{
    Open,
    Done,
    Cancelled,
}

/// <summary>What a task is for: most are general; the transition-of-care steps are created by a discharge.</summary>
public enum CareTaskKind
{
    General,

    /// <summary>Reach the patient (interactive contact) within 2 business days of discharge.</summary>
    TransitionContact,

    /// <summary>The face-to-face visit within 7 or 14 days of discharge.</summary>
    TransitionVisit,

    /// <summary>Medication reconciliation, due by the face-to-face visit.</summary>
    TransitionMedication,

    /// <summary>An overdue referral, for its owner or then the team's manager (the referral escalation check).</summary>
    ReferralEscalation,

    /// <summary>An action agreed on a patient's card in the daily huddle.</summary>
    HuddleAction,
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

    public CareTaskKind Kind { get; private set; }

    /// <summary>The stay the task comes from (a transition-of-care step), when there is one.</summary>
    public Guid? EncounterId { get; private set; }

    /// <summary>The kinds that are transition-of-care steps (also what queries filter by: EF reads it as an IN list).</summary>
    public static readonly IReadOnlyList<CareTaskKind> TransitionKinds =
        [CareTaskKind.TransitionContact, CareTaskKind.TransitionVisit, CareTaskKind.TransitionMedication];

    public bool IsTransition => TransitionKinds.Contains(Kind);

    /// <summary>A transition-of-care step after the discharge of <paramref name="encounterId"/>.</summary>
    public static CareTask ForTransition(Guid patientId, Guid teamId, Guid encounterId, CareTaskKind kind, string title, Guid assigneeId,
        DateTimeOffset dueAt, DateTimeOffset createdAt)
    {
        if (!TransitionKinds.Contains(kind))
            throw new DomainRuleException("A transition task is a contact, a visit or a medication reconciliation.");
        return new CareTask(patientId, teamId, title, assigneeId, dueAt, kind == CareTaskKind.TransitionContact ? CareTaskPriority.High : CareTaskPriority.Routine, createdAt)
        {
            Kind = kind,
            EncounterId = Guard.Id(encounterId, "Encounter"),
        };
    }

    /// <summary>The task an overdue referral gives its owner, or then the team's manager.</summary>
    public static CareTask ForReferralEscalation(Guid patientId, Guid teamId, string title, Guid assigneeId, DateTimeOffset dueAt,
        CareTaskPriority priority, DateTimeOffset createdAt) =>
        new(patientId, teamId, title, assigneeId, dueAt, priority, createdAt) { Kind = CareTaskKind.ReferralEscalation };

    /// <summary>The task an action agreed on a patient's huddle card gives its owner.</summary>
    public static CareTask ForHuddleAction(Guid patientId, Guid teamId, string title, Guid assigneeId, DateTimeOffset dueAt, DateTimeOffset createdAt) =>
        new(patientId, teamId, title, assigneeId, dueAt, CareTaskPriority.Routine, createdAt) { Kind = CareTaskKind.HuddleAction };

    /// <summary>
    /// The task of one transition-of-care clock after the discharge of <paramref name="encounterId"/>. A due time already
    /// past (a discharge reported late) is due at once; due times are kept in UTC, like every stored instant.
    /// </summary>
    public static CareTask ForTransition(Guid patientId, Guid teamId, Guid encounterId, TransitionClock clock, Guid assigneeId, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var kind = clock.Step switch
        {
            TransitionStep.InteractiveContact => CareTaskKind.TransitionContact,
            TransitionStep.FaceToFaceVisit => CareTaskKind.TransitionVisit,
            _ => CareTaskKind.TransitionMedication,
        };
        var due = (clock.DueAt < createdAt ? createdAt : clock.DueAt).ToUniversalTime();
        return ForTransition(patientId, teamId, encounterId, kind, clock.Title, assigneeId, due, createdAt);
    }

    /// <summary>Two records of one person were merged: the task follows the surviving patient.</summary>
    public void MoveTo(Guid patientId) => PatientId = Guard.Id(patientId, "Patient");

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
