using CareHub.Domain.Common;
using CareHub.Domain.Organization;

namespace CareHub.Domain.Access;

/// <summary>Why someone opened a patient outside their care teams (break-the-glass); the choice comes with free text.</summary>
public enum EmergencyAccessReason
{
    UrgentClinicalCare,
    PatientInEmergencyDepartment,
    CoveringForAnotherClinician,
    CareTransition,
    Other,
}

/// <summary>
/// Break-the-glass: an eligible clinician may see one patient outside their care teams, for a limited time, after
/// saying why. Read by the access scope (the query filters admit the patient until <see cref="ExpiresAt"/>), and shown
/// to the managers of the patient's teams until one of them marks it reviewed.
/// </summary>
public sealed class EmergencyAccessGrant : VersionedEntity, IPatientOwned
{
    public const int ExplanationMinLength = 10;
    public const int ExplanationMaxLength = 500;

    private EmergencyAccessGrant() { Explanation = string.Empty; }

    private EmergencyAccessGrant(Guid staffId, Guid patientId, EmergencyAccessReason reason, string explanation, DateTimeOffset at, DateTimeOffset until)
    {
        StaffId = staffId;
        PatientId = patientId;
        Reason = reason;
        Explanation = explanation;
        GrantedAt = at;
        ExpiresAt = until;
    }

    public Guid StaffId { get; private set; }
    public Guid PatientId { get; private set; }
    public EmergencyAccessReason Reason { get; private set; }
    public string Explanation { get; private set; }
    public DateTimeOffset GrantedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public Guid? ReviewedById { get; private set; }

    public bool IsActiveAt(DateTimeOffset at) => at < ExpiresAt;

    /// <summary>
    /// Grants <paramref name="staff"/> access to one patient for <paramref name="duration"/>. Refused when the person's
    /// role is not one of <paramref name="eligibleRoles"/>, the reason is not one offered, or the explanation is missing,
    /// too short or too long: the messages are the ones the form shows.
    /// </summary>
    public static EmergencyAccessGrant Grant(Staff staff, IReadOnlyCollection<StaffRole> eligibleRoles, Guid patientId, EmergencyAccessReason reason,
        string? explanation, DateTimeOffset at, TimeSpan duration)
    {
        if (!staff.IsActive || !eligibleRoles.Contains(staff.Role))
            throw new DomainRuleException("Emergency access is only for the clinical roles that may need it; yours is not one of them.");
        var reasonError = ReasonError(reason);
        if (reasonError is not null)
            throw new DomainRuleException(reasonError);
        var explanationError = ExplanationError(explanation);
        if (explanationError is not null)
            throw new DomainRuleException(explanationError);
        if (duration <= TimeSpan.Zero)
            throw new DomainRuleException("Emergency access needs a duration.");
        return new EmergencyAccessGrant(staff.Id, Guard.Id(patientId, "Patient"), reason, explanation!.Trim(), at, at + duration);
    }

    /// <summary>The form's and the server's check of the reason (null when it is fine).</summary>
    public static string? ReasonError(EmergencyAccessReason? reason) =>
        reason is { } chosen && Enum.IsDefined(chosen) ? null : "Choose why you need this record.";

    /// <summary>The form's and the server's check of the explanation (null when it is fine).</summary>
    public static string? ExplanationError(string? explanation)
    {
        var length = explanation?.Trim().Length ?? 0;
        if (length == 0)
            return "Explain why you need this record.";
        if (length < ExplanationMinLength)
            return $"Explain in a few more words (at least {ExplanationMinLength} characters).";
        if (length > ExplanationMaxLength)
            return $"The explanation can be at most {ExplanationMaxLength} characters (it has {length}).";
        return null;
    }

    /// <summary>A manager of one of the patient's teams has looked at it.</summary>
    public void MarkReviewed(Guid managerId, DateTimeOffset at)
    {
        if (ReviewedAt is not null)
            return;
        ReviewedById = Guard.Id(managerId, "Reviewer");
        ReviewedAt = at;
    }
}
