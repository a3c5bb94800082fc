using System.Globalization;
using CareHub.Domain.Access;

namespace CareHub.Web.Features.EmergencyAccess;

/// <summary>
/// What the emergency access form sends: the patient found by exact MRN and date of birth (no browsing, no partial
/// search), and why. Checked in the form for the messages and again on the server, whatever the browser sent.
/// </summary>
public sealed record EmergencyAccessRequest(string? Mrn, string? BirthDate, EmergencyAccessReason? Reason, string? Explanation)
{
    public const int MrnMaxLength = 32;

    private static readonly string[] DateFormats = ["MM/dd/yyyy", "M/d/yyyy", "yyyy-MM-dd"];

    /// <summary>The date of birth as typed (MM/DD/YYYY), or null when it is not a date.</summary>
    public DateOnly? ParsedBirthDate =>
        DateOnly.TryParseExact(BirthDate?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>Field name ("mrn", "birthDate", "reason", "explanation") to message; empty when the request may be sent.</summary>
    public IReadOnlyDictionary<string, string> Errors()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var mrn = Mrn?.Trim() ?? string.Empty;
        if (mrn.Length == 0)
            errors["mrn"] = "Enter the patient's MRN exactly as it is on their record.";
        else if (mrn.Length > MrnMaxLength)
            errors["mrn"] = $"An MRN has at most {MrnMaxLength} characters.";
        if (string.IsNullOrWhiteSpace(BirthDate))
            errors["birthDate"] = "Enter the patient's date of birth.";
        else if (ParsedBirthDate is null)
            errors["birthDate"] = "Enter the date of birth as MM/DD/YYYY.";
        if (EmergencyAccessGrant.ReasonError(Reason) is { } reason)
            errors["reason"] = reason;
        if (EmergencyAccessGrant.ExplanationError(Explanation) is { } explanation)
            errors["explanation"] = explanation;
        return errors;
    }
}

/// <summary>What became of a request.</summary>
public abstract record EmergencyAccessOutcome
{
    /// <summary>Open the patient: access until <paramref name="ExpiresAt"/>.</summary>
    public sealed record Granted(Guid PatientId, DateTimeOffset ExpiresAt) : EmergencyAccessOutcome;

    /// <summary>The patient is on one of the person's own teams: no emergency access is needed.</summary>
    public sealed record OnYourTeam(Guid PatientId) : EmergencyAccessOutcome;

    /// <summary>No patient matches: the same answer for a wrong MRN, a wrong date of birth or a patient that does not exist.</summary>
    public sealed record NotFound : EmergencyAccessOutcome;

    /// <summary>The person may not use emergency access, or the request broke a rule (the message says which).</summary>
    public sealed record Refused(string Message) : EmergencyAccessOutcome;

    /// <summary>Fields to correct.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : EmergencyAccessOutcome;
}

/// <summary>One line of the managers' review list.</summary>
public sealed record EmergencyAccessReview(
    Guid GrantId, string StaffName, string StaffRole, Guid PatientId, string PatientName, string Mrn,
    EmergencyAccessReason Reason, string Explanation, DateTimeOffset GrantedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? ReviewedAt, string? ReviewedBy);

public static class EmergencyAccessText
{
    public static string Reason(EmergencyAccessReason reason) => reason switch
    {
        EmergencyAccessReason.UrgentClinicalCare => "Urgent clinical care",
        EmergencyAccessReason.PatientInEmergencyDepartment => "Patient in the emergency department",
        EmergencyAccessReason.CoveringForAnotherClinician => "Covering for another clinician",
        EmergencyAccessReason.CareTransition => "Care transition (admission, discharge, transfer)",
        _ => "Other",
    };

    public const string NotFound = "No patient matches this MRN and date of birth. Check both against the patient's record.";
}
