namespace CareHub.Interop.Adt;

/// <summary>PV1-2 patient class (HL7 table 0004).</summary>
public enum AdtPatientClass
{
    Emergency,
    Inpatient,
    Outpatient,
    Preadmit,
    Recurring,
    Obstetrics,
    Unknown,
}

/// <summary>PID-8 administrative sex (HL7 table 0001).</summary>
public enum AdtSex
{
    Female,
    Male,
    Other,
    Unknown,
    Ambiguous,
    NotApplicable,
}

/// <summary>A FHIR Encounter.status change an event calls for (see <see cref="AdtMapping.EncounterStatusFor"/>).</summary>
public enum EncounterStatus
{
    Planned,
    InProgress,
    Finished,
    Cancelled,

    /// <summary>The event does not move the encounter's status (updates, merges, a cancelled transfer).</summary>
    Unchanged,
}
