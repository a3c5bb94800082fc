using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;

namespace CareHub.Web.Features.Census;

/// <summary>
/// The census of the user's teams (or one of them) as one read: every patient in a facility now, and every patient
/// discharged today, with what care management needs on the row. The board filters and counts these rows in memory
/// (a census is thousands of rows, not millions); a change to one patient reloads that patient's row only.
/// </summary>
public sealed record CensusBoard(IReadOnlyList<CensusRow> Rows, IReadOnlyList<CensusFacility> Facilities, DateTimeOffset AsOf);

public sealed record CensusFacility(Guid FacilityId, string Code, string Name, FacilityKind Kind);

/// <summary>Where a patient is on the census now.</summary>
public enum CensusPlace
{
    /// <summary>In a facility now (an active encounter).</summary>
    InHouse,

    /// <summary>Discharged today (local day of the installation's time zone); off the census tomorrow.</summary>
    DischargedToday,
}

/// <summary>The LACE readmission index with its parts (L length of stay, A acuity, C comorbidity, E ED visits).</summary>
public sealed record CensusLace(int Length, int Acuity, int Comorbidity, int EmergencyVisits)
{
    public int Total => Length + Acuity + Comorbidity + EmergencyVisits;

    /// <summary>0-4 low, 5-9 moderate, 10 and above high.</summary>
    public bool IsHigh => Total >= 10;
}

/// <summary>One patient's line on the census board.</summary>
public sealed record CensusRow
{
    public required Guid PatientId { get; init; }
    public required Guid EncounterId { get; init; }
    public required long Version { get; init; }
    public required string Mrn { get; init; }
    public required string Name { get; init; }
    public required int Age { get; init; }
    public required Guid FacilityId { get; init; }
    public required string Facility { get; init; }
    public string? Unit { get; init; }
    public string? Bed { get; init; }
    public required EncounterClass Class { get; init; }
    public required CensusPlace Place { get; init; }
    public required DateTimeOffset AdmittedAt { get; init; }
    public DateTimeOffset? ExpectedDischargeAt { get; init; }
    public DateTimeOffset? DischargedAt { get; init; }
    public DischargeDisposition? Disposition { get; init; }
    public required int LengthOfStayDays { get; init; }

    /// <summary>This stay began within 30 days of an earlier inpatient discharge.</summary>
    public required bool Readmission { get; init; }

    public required CensusLace Lace { get; init; }
    public Guid? CoordinatorId { get; init; }
    public string? Coordinator { get; init; }

    /// <summary>The open "interactive contact" transition task's due time, when there is one.</summary>
    public DateTimeOffset? TransitionCallDueAt { get; init; }

    public required int OpenReferrals { get; init; }
    public required IReadOnlyList<Guid> TeamIds { get; init; }
}
