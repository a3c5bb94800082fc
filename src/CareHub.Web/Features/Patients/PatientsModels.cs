using CareHub.Domain.Encounters;
using CareHub.Domain.Patients;

namespace CareHub.Web.Features.Patients;

public enum PatientSort
{
    Name,
    Mrn,
    Age,
}

/// <summary>What the patient list asks for. Checked by <see cref="Normalize"/> before it reaches the database.</summary>
public sealed record PatientQuery(string? Search = null, PatientSort Sort = PatientSort.Name, bool Descending = false, int Page = 0, int PageSize = 25)
{
    public const int MaxSearchLength = 100;
    public static readonly int[] PageSizes = [25, 50, 100];

    public PatientQuery Normalize() => this with
    {
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim()[..Math.Min(Search.Trim().Length, MaxSearchLength)],
        Sort = Enum.IsDefined(Sort) ? Sort : PatientSort.Name,
        Page = Math.Max(0, Page),
        PageSize = PageSizes.Contains(PageSize) ? PageSize : 25,
    };
}

/// <summary>Where the patient is right now, when in an active stay.</summary>
public sealed record CurrentStay(EncounterClass Class, string Facility, string? Unit, string? Bed, DateTimeOffset Since);

public sealed record PatientRow(Guid Id, string Name, string Mrn, DateOnly BirthDate, int Age, AdministrativeSex Sex,
    string PreferredLanguage, bool InterpreterNeeded, PayerType Payer, string? Coordinator, CurrentStay? Stay);

public sealed record PatientPage(IReadOnlyList<PatientRow> Rows, int Total, PatientQuery Query)
{
    /// <summary>True when more patients match than <see cref="Total"/> (counting stopped at <see cref="PatientsService.CountLimit"/>).</summary>
    public bool TotalIsAtLeast { get; init; }
}

public sealed record ConditionSummary(string Code, string Display, ChronicCondition? Chronic, DateOnly Onset);

public sealed record EncounterSummary(Guid Id, EncounterClass Class, EncounterStatus Status, string Facility, string? Unit,
    DateTimeOffset AdmittedAt, DateTimeOffset? DischargedAt, DischargeDisposition? Disposition);

public sealed record PatientDetail(
    Guid Id, long Version, string Name, string GivenName, string FamilyName, string Mrn, string AssigningAuthority,
    DateOnly BirthDate, int Age, AdministrativeSex Sex, string PreferredLanguage, bool InterpreterNeeded,
    PayerType Payer, string? PlanName, string? PrimaryCareProvider, string? Coordinator,
    IReadOnlyList<string> Teams, CurrentStay? Stay, IReadOnlyList<ConditionSummary> Conditions,
    IReadOnlyList<EncounterSummary> RecentEncounters, int CharlsonPoints, int OpenTasks, int OpenReferrals)
{
    /// <summary>The open transition-of-care steps after a discharge (contact, visit, medication reconciliation), earliest due first.</summary>
    public IReadOnlyList<TransitionStepSummary> Transitions { get; init; } = [];
}

/// <summary>One open transition-of-care task: what, by when, whose.</summary>
public sealed record TransitionStepSummary(Guid TaskId, CareHub.Domain.Tasks.CareTaskKind Kind, string Title, DateTimeOffset DueAt, string Assignee);

/// <summary>The outcome of a change: saved (with the new version), refused with a reason, a conflict, or not found.</summary>
public abstract record PatientChangeResult
{
    public sealed record Saved(long Version) : PatientChangeResult;

    public sealed record Invalid(string Message) : PatientChangeResult;

    public sealed record Conflict(string Message) : PatientChangeResult;

    public sealed record NotFound : PatientChangeResult;
}

/// <summary>A language edit and the patient version it was typed against.</summary>
public sealed record LanguageChange(string Language, bool InterpreterNeeded, long BaseVersion);
