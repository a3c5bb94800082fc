namespace CareHub.Interop.Adt;

/// <summary>Code tables between HL7 v2 ADT and CareHub/FHIR terms.</summary>
public static class AdtMapping
{
    /// <summary>
    /// The FHIR R4 Encounter.status an ADT event leads to, after the HL7 v2-to-FHIR ADT mappings:
    /// <list type="table">
    /// <item><term>A01 admit</term><description>in-progress</description></item>
    /// <item><term>A02 transfer</term><description>in-progress (location changes)</description></item>
    /// <item><term>A03 discharge</term><description>finished (period end = discharge time)</description></item>
    /// <item><term>A04 register</term><description>in-progress (ED, observation and outpatient visits have started)</description></item>
    /// <item><term>A05 pre-admit</term><description>planned</description></item>
    /// <item><term>A06 outpatient to inpatient</term><description>in-progress (class changes to inpatient)</description></item>
    /// <item><term>A07 inpatient to outpatient</term><description>in-progress (class changes to outpatient)</description></item>
    /// <item><term>A08 update</term><description>unchanged (demographics and visit details only)</description></item>
    /// <item><term>A11 cancel admit</term><description>cancelled (some receivers prefer entered-in-error when the admit was a mistake)</description></item>
    /// <item><term>A12 cancel transfer</term><description>unchanged (stays in-progress; location goes back to the prior one)</description></item>
    /// <item><term>A13 cancel discharge</term><description>in-progress (the period end is removed)</description></item>
    /// <item><term>A40 merge</term><description>unchanged (the patient, not the encounter, changes)</description></item>
    /// </list>
    /// </summary>
    public static EncounterStatus EncounterStatusFor(AdtEvent adtEvent) => adtEvent switch
    {
        AdtEvent.A01 or AdtEvent.A02 or AdtEvent.A04 or AdtEvent.A06 or AdtEvent.A07 or AdtEvent.A13 => EncounterStatus.InProgress,
        AdtEvent.A03 => EncounterStatus.Finished,
        AdtEvent.A05 => EncounterStatus.Planned,
        AdtEvent.A11 => EncounterStatus.Cancelled,
        AdtEvent.A08 or AdtEvent.A12 or AdtEvent.A40 => EncounterStatus.Unchanged,
        _ => throw new ArgumentOutOfRangeException(nameof(adtEvent), adtEvent, null),
    };

    /// <summary>PV1-2 code to class; null for a code outside table 0004.</summary>
    public static AdtPatientClass? PatientClassFor(string? code) => code switch
    {
        "E" => AdtPatientClass.Emergency,
        "I" => AdtPatientClass.Inpatient,
        "O" => AdtPatientClass.Outpatient,
        "P" => AdtPatientClass.Preadmit,
        "R" => AdtPatientClass.Recurring,
        "B" => AdtPatientClass.Obstetrics,
        "U" => AdtPatientClass.Unknown,
        _ => null,
    };

    /// <summary>PID-8 code to sex; null for a code outside table 0001.</summary>
    public static AdtSex? SexFor(string? code) => code switch
    {
        "F" => AdtSex.Female,
        "M" => AdtSex.Male,
        "O" => AdtSex.Other,
        "U" => AdtSex.Unknown,
        "A" => AdtSex.Ambiguous,
        "N" => AdtSex.NotApplicable,
        _ => null,
    };
}
