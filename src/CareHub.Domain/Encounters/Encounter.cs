using CareHub.Domain.Common;

namespace CareHub.Domain.Encounters;

/// <summary>The HL7 v2 patient class, reduced to what care management acts on.</summary>
public enum EncounterClass
{
    Inpatient,
    Emergency,
    Observation,
    SkilledNursing,
}

/// <summary>FHIR Encounter.status, reduced to the states an ADT feed produces.</summary>
public enum EncounterStatus
{
    Planned,
    InProgress,
    Finished,
    Cancelled,
}

public enum DischargeDisposition
{
    Home,
    HomeWithHomeHealth,
    SkilledNursingFacility,
    Rehabilitation,
    Hospice,
    LeftAgainstMedicalAdvice,
    Expired,
    TransferredToAcuteCare,
}

/// <summary>A stay or visit at a facility: an ED visit, an observation stay, an admission, a SNF stay.</summary>
public sealed class Encounter : VersionedEntity, IPatientOwned
{
    private Encounter() { }

    private Encounter(Guid patientId, Guid facilityId, EncounterClass encounterClass, DateTimeOffset admittedAt)
    {
        PatientId = Guard.Id(patientId, "Patient");
        FacilityId = Guard.Id(facilityId, "Facility");
        Class = encounterClass;
        AdmittedAt = admittedAt;
        Status = EncounterStatus.InProgress;
    }

    public Guid PatientId { get; private set; }
    public Guid FacilityId { get; private set; }
    public Guid? UnitId { get; private set; }
    public string? Bed { get; private set; }
    public EncounterClass Class { get; private set; }
    public EncounterStatus Status { get; private set; }
    public DateTimeOffset AdmittedAt { get; private set; }
    public DateTimeOffset? ExpectedDischargeAt { get; private set; }
    public DateTimeOffset? DischargedAt { get; private set; }
    public DischargeDisposition? Disposition { get; private set; }

    /// <summary>The visit number from the feed (PV1-19), when there is one.</summary>
    public string? VisitNumber { get; private set; }

    public bool IsActive => Status == EncounterStatus.InProgress;

    public static Encounter Admit(Guid patientId, Guid facilityId, Guid? unitId, string? bed, EncounterClass encounterClass, DateTimeOffset at, string? visitNumber = null)
    {
        var encounter = new Encounter(patientId, facilityId, encounterClass, at)
        {
            UnitId = unitId,
            Bed = Guard.OptionalText(bed, "Bed", 20),
            VisitNumber = Guard.OptionalText(visitNumber, "Visit number", 40),
        };
        return encounter;
    }

    public void Transfer(Guid unitId, string? bed, DateTimeOffset at)
    {
        RequireActive("transferred");
        if (at < AdmittedAt)
            throw new DomainRuleException("A transfer cannot happen before the admission.");
        var unit = Guard.Id(unitId, "Unit");
        Bed = Guard.OptionalText(bed, "Bed", 20);
        UnitId = unit;
    }

    /// <summary>An ED or observation patient admitted as an inpatient keeps one encounter (HL7 A06).</summary>
    public void ChangeClass(EncounterClass newClass)
    {
        RequireActive("changed");
        Class = newClass;
    }

    public void ExpectDischarge(DateTimeOffset at)
    {
        RequireActive("given an expected discharge");
        if (at < AdmittedAt)
            throw new DomainRuleException("The expected discharge cannot be before the admission.");
        ExpectedDischargeAt = at;
    }

    public void Discharge(DateTimeOffset at, DischargeDisposition disposition)
    {
        RequireActive("discharged");
        if (at < AdmittedAt)
            throw new DomainRuleException("The discharge time cannot be before the admission time.");
        DischargedAt = at;
        Disposition = disposition;
        Status = EncounterStatus.Finished;
    }

    public void Cancel()
    {
        if (Status == EncounterStatus.Cancelled)
            throw new DomainRuleException("This encounter is already cancelled.");
        Status = EncounterStatus.Cancelled;
    }

    /// <summary>Length of stay in whole days (the L of LACE counts days; a same-day stay is 0).</summary>
    public int LengthOfStayDays(DateTimeOffset now) =>
        Math.Max(0, (int)((DischargedAt ?? now) - AdmittedAt).TotalDays);

    private void RequireActive(string verb)
    {
        if (Status != EncounterStatus.InProgress)
            throw new DomainRuleException($"This encounter is {Status.ToString().ToLowerInvariant()} and cannot be {verb}.");
    }
}
