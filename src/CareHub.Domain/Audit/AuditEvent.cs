namespace CareHub.Domain.Audit;

public enum AuditAction
{
    Read,
    Create,
    Update,
    Delete,
    Export,
    Search,
    SignIn,
    AccessDenied,

    /// <summary>A patient's consent recorded or changed (e.g. a community referral's consent to share).</summary>
    ConsentChange,

    /// <summary>Someone gained access to a team's patients (a team membership added).</summary>
    PrivilegeGrant,

    /// <summary>Someone lost access to a team's patients (a team membership removed).</summary>
    PrivilegeRevoke,
}

/// <summary>
/// One row of the audit trail: who did what to which patient's data, when and from where. Append-only:
/// the data layer refuses to update or delete it. Never holds clinical text.
/// </summary>
public sealed class AuditEvent
{
    private AuditEvent() { UserId = EntityType = Source = string.Empty; }

    public AuditEvent(DateTimeOffset at, string userId, AuditAction action, string entityType, Guid? entityId, Guid? patientId, string source)
    {
        At = at;
        UserId = userId;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        PatientId = patientId;
        Source = source;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string UserId { get; private set; }
    public AuditAction Action { get; private set; }

    /// <summary>The data category, e.g. "Patient", "PatientList", "Encounter", "CarePlanItem".</summary>
    public string EntityType { get; private set; }
    public Guid? EntityId { get; private set; }
    public Guid? PatientId { get; private set; }

    /// <summary>The circuit, hub connection or HTTP request the action came from.</summary>
    public string Source { get; private set; }
}
