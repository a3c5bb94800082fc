using CareHub.Interop.Hl7;

namespace CareHub.Interop.Adt;

/// <summary>PV1-3 / PV1-6 (PL): unit (point of care), room, bed and facility.</summary>
public sealed record AdtLocation(string? PointOfCare, string? Room, string? Bed, string? Facility);

/// <summary>The patient of an ADT message (PID).</summary>
public sealed record AdtPatient(
    string Mrn,
    string? AssigningAuthority,
    string? FamilyName,
    string? GivenName,
    DateOnly? BirthDate,
    string? SexCode,
    AdtSex? Sex);

/// <summary>The visit of an ADT message (PV1, PV2).</summary>
public sealed record AdtVisit(
    string? PatientClassCode,
    AdtPatientClass? PatientClass,
    AdtLocation? Location,
    AdtLocation? PriorLocation,
    string? HospitalService,
    string? AdmitSource,
    string? PatientType,
    string? VisitNumber,
    string? DischargeDisposition,
    Hl7DateTime? AdmitAt,
    Hl7DateTime? DischargeAt,
    Hl7DateTime? ExpectedDischargeAt);

/// <summary>The patient merged away by an A40 (MRG-1).</summary>
public sealed record AdtMerge(string PriorMrn, string? PriorAssigningAuthority);

/// <summary>
/// An ADT message read into typed, unescaped values. <see cref="Read"/> checks what each event needs and answers
/// with errors and the ACK code to send instead when the message will not do.
/// </summary>
public sealed record AdtMessage(
    AdtEvent Event,
    string ControlId,
    string? SendingApplication,
    string? SendingFacility,
    string Version,
    Hl7DateTime MessageAt,
    Hl7DateTime EventAt,
    AdtPatient Patient,
    AdtVisit? Visit,
    AdtMerge? Merge)
{
    /// <summary>The HL7 versions the ADT reader takes.</summary>
    public static IReadOnlyList<string> SupportedVersions { get; } = ["2.3", "2.3.1", "2.4", "2.5", "2.5.1"];

    public static AdtReadResult Read(Hl7Message message) => AdtReader.Read(message);
}
