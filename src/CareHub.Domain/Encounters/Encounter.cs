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

    /// <summary>The stay began in the emergency department (the A of LACE: an emergent admission).</summary>
    public bool CameThroughEmergency { get; private set; }

    /// <summary>
    /// The time of the latest feed event applied to this encounter. An event older than this arrived out of order and
    /// is not applied, so a late message never moves a patient backwards.
    /// </summary>
    public DateTimeOffset? LastEventAt { get; private set; }

    /// <summary>Where the patient was before the last transfer, so that a cancelled transfer (A12) can put them back.</summary>
    public Guid? PreviousUnitId { get; private set; }

    public string? PreviousBed { get; private set; }

    public bool IsActive => Status == EncounterStatus.InProgress;

    public static Encounter Admit(Guid patientId, Guid facilityId, Guid? unitId, string? bed, EncounterClass encounterClass, DateTimeOffset at, string? visitNumber = null)
    {
        var encounter = new Encounter(patientId, facilityId, encounterClass, at)
        {
            UnitId = unitId,
            Bed = Guard.OptionalText(bed, "Bed", 20),
            VisitNumber = Guard.OptionalText(visitNumber, "Visit number", 40),
            CameThroughEmergency = encounterClass == EncounterClass.Emergency,
        };
        return encounter;
    }

    /// <summary>A pre-admission (HL7 A05): planned, not yet on the census.</summary>
    public static Encounter PreAdmit(Guid patientId, Guid facilityId, Guid? unitId, string? bed, EncounterClass encounterClass, DateTimeOffset expectedAt, string? visitNumber)
    {
        var encounter = Admit(patientId, facilityId, unitId, bed, encounterClass, expectedAt, visitNumber);
        encounter.Status = EncounterStatus.Planned;
        return encounter;
    }

    /// <summary>A planned encounter begins (the admission of a pre-admitted patient).</summary>
    public void Begin(DateTimeOffset at, EncounterClass encounterClass, Guid? unitId, string? bed)
    {
        if (Status != EncounterStatus.Planned)
            throw new DomainRuleException($"This encounter is {Describe(Status)} and cannot begin again.");
        Status = EncounterStatus.InProgress;
        AdmittedAt = at;
        Class = encounterClass;
        CameThroughEmergency = encounterClass == EncounterClass.Emergency;
        UnitId = unitId ?? UnitId;
        Bed = Guard.OptionalText(bed, "Bed", 20) ?? Bed;
    }

    public void Transfer(Guid unitId, string? bed, DateTimeOffset at)
    {
        RequireActive("transferred");
        if (at < AdmittedAt)
            throw new DomainRuleException("A transfer cannot happen before the admission.");
        var unit = Guard.Id(unitId, "Unit");
        var newBed = Guard.OptionalText(bed, "Bed", 20);
        (PreviousUnitId, PreviousBed) = (UnitId, Bed);
        Bed = newBed;
        UnitId = unit;
    }

    /// <summary>
    /// A transfer entered in error (HL7 A12): the patient goes back to the location given (the message's prior location),
    /// or to where they were before the last transfer.
    /// </summary>
    public void CancelTransfer(Guid? unitId, string? bed)
    {
        RequireActive("moved back");
        var back = unitId ?? PreviousUnitId
            ?? throw new DomainRuleException("There is no earlier location to return this patient to.");
        Bed = Guard.OptionalText(bed, "Bed", 20) ?? (unitId is null ? PreviousBed : null);
        UnitId = back;
        (PreviousUnitId, PreviousBed) = (null, null);
    }

    /// <summary>An ED or observation patient admitted as an inpatient keeps one encounter (HL7 A06); A07 goes the other way.</summary>
    public void ChangeClass(EncounterClass newClass)
    {
        RequireActive("changed");
        if (Class == EncounterClass.Emergency && newClass != EncounterClass.Emergency)
            CameThroughEmergency = true;
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

    /// <summary>A discharge entered in error (HL7 A13): the patient is in the facility again.</summary>
    public void CancelDischarge()
    {
        if (Status != EncounterStatus.Finished)
            throw new DomainRuleException($"This encounter is {Describe(Status)}, not discharged, so there is no discharge to cancel.");
        Status = EncounterStatus.InProgress;
        DischargedAt = null;
        Disposition = null;
    }

    /// <summary>An admission or visit entered in error (HL7 A11): it never happened.</summary>
    public void Cancel()
    {
        if (Status == EncounterStatus.Cancelled)
            throw new DomainRuleException("This encounter is already cancelled.");
        if (Status == EncounterStatus.Finished)
            throw new DomainRuleException("This encounter is discharged; cancel the discharge before cancelling the admission.");
        Status = EncounterStatus.Cancelled;
    }

    /// <summary>True when an event at <paramref name="at"/> is not older than the last one applied.</summary>
    public bool IsCurrentFor(DateTimeOffset at) => LastEventAt is not { } last || at >= last;

    /// <summary>Records that a feed event at <paramref name="at"/> was applied (the latest time wins).</summary>
    public void Touched(DateTimeOffset at)
    {
        if (LastEventAt is not { } last || at > last)
            LastEventAt = at;
    }

    /// <summary>Two records of one person were merged (HL7 A40): the encounter now belongs to the surviving patient.</summary>
    public void MoveTo(Guid patientId) => PatientId = Guard.Id(patientId, "Patient");

    /// <summary>Length of stay in whole days (the L of LACE counts days; a same-day stay is 0).</summary>
    public int LengthOfStayDays(DateTimeOffset now) =>
        Math.Max(0, (int)((DischargedAt ?? now) - AdmittedAt).TotalDays);

    private static string Describe(EncounterStatus status) => status switch
    {
        EncounterStatus.InProgress => "in progress",
        EncounterStatus.Finished => "discharged",
        _ => status.ToString().ToLowerInvariant(),
    };

    private void RequireActive(string verb)
    {
        if (Status != EncounterStatus.InProgress)
            throw new DomainRuleException($"This encounter is {Describe(Status)} and cannot be {verb}.");
    }
}
