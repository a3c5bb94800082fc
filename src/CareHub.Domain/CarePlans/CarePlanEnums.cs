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

/// <summary>The status of an item (for activities, FHIR CarePlan.activity status in short).</summary>
public enum CarePlanItemStatus
{
    Proposed,
    Active,
    OnHold,
    Completed,
    Cancelled,
}

/// <summary>FHIR Goal.lifecycleStatus.</summary>
public enum GoalLifecycle
{
    Proposed,
    Planned,
    Accepted,
    Active,
    OnHold,
    Completed,
    Cancelled,
    EnteredInError,
    Rejected,
}

/// <summary>FHIR Goal.achievementStatus (goal-achievement value set).</summary>
public enum GoalAchievement
{
    InProgress,
    Improving,
    Worsening,
    NoChange,
    Achieved,
    Sustaining,
    NotAchieved,
    NoProgress,
    NotAttainable,
}

/// <summary>Where a medication on the reconciliation list was seen.</summary>
[Flags]
public enum MedicationSources
{
    None = 0,
    PreAdmission = 1,
    Discharge = 2,
    PharmacyFill = 4,
    PatientReported = 8,
}

/// <summary>The fields of an item that are edited (and versioned, merged or refused) one by one.</summary>
public enum CarePlanField
{
    Text,
    Detail,
    Category,
    Status,
    Assignee,
    Due,
    Lifecycle,
    Achievement,
    Sources,
    Reconciled,
}
