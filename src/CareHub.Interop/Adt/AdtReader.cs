using CareHub.Interop.Acks;
using CareHub.Interop.Hl7;

namespace CareHub.Interop.Adt;

/// <summary>Reads and checks one ADT message; see <see cref="AdtMessage.Read"/>.</summary>
internal sealed class AdtReader
{
    private readonly Hl7Message message;
    private readonly List<Hl7Error> errors = [];

    private AdtReader(Hl7Message message)
    {
        this.message = message;
    }

    public static AdtReadResult Read(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new AdtReader(message).Read();
    }

    private AdtReadResult Read()
    {
        var version = message.Version;
        if (version is null || !AdtMessage.SupportedVersions.Contains(version))
            return Reject("MSH", 12, Hl7ErrorCode.UnsupportedVersionId,
                $"HL7 version '{version}' is not supported; send 2.3, 2.3.1, 2.4, 2.5 or 2.5.1.");
        if (message.MessageType != "ADT")
            return Reject("MSH", 9, Hl7ErrorCode.UnsupportedMessageType,
                $"Message type '{message.MessageType}' is not accepted here; only ADT is.");
        var trigger = message.TriggerEvent ?? message.Get("EVN-1");
        if (trigger is null || trigger.Length != 3 || !Enum.TryParse<AdtEvent>(trigger, ignoreCase: false, out var adtEvent) || !char.IsAsciiLetterUpper(trigger[0]))
            return Reject("MSH", 9, Hl7ErrorCode.UnsupportedEventCode,
                $"ADT event '{trigger}' is not supported; CareHub reads A01-A08, A11-A13 and A40.");

        var controlId = message.ControlId;
        if (controlId is null)
            Missing("MSH", 10, "MSH-10, the message control id, is required.");
        var messageAt = Date("MSH", 7, "the message date/time", required: true);
        var eventOccurred = Date("EVN", 6, "the event occurred date/time");
        var eventRecorded = Date("EVN", 2, "the event recorded date/time");
        var patient = ReadPatient();
        var visit = ReadVisit(adtEvent);
        var merge = adtEvent == AdtEvent.A40 ? ReadMerge() : null;

        var eventAt = eventOccurred ?? eventRecorded ?? messageAt;
        if (adtEvent == AdtEvent.A03 && visit is not null && visit.DischargeAt is null && eventOccurred is null && eventRecorded is null)
            Missing("PV1", 45, "A discharge (A03) needs the discharge date/time in PV1-45 or the event time in EVN-6 or EVN-2.");

        if (errors.Count > 0 || patient is null || messageAt is null || eventAt is null || controlId is null)
            return AdtReadResult.Failure(AckCode.AE, errors);
        return AdtReadResult.Success(new AdtMessage(
            adtEvent, controlId, message.SendingApplication, message.SendingFacility, version, messageAt.Value, eventAt.Value,
            patient, visit, merge));
    }

    private AdtPatient? ReadPatient()
    {
        var pid = message.Segment("PID");
        if (pid is null)
        {
            errors.Add(new Hl7Error("PID", null, Hl7ErrorCode.SegmentSequenceError, "The PID segment (the patient) is missing."));
            return null;
        }
        var identifiers = pid.Field(3).Repetitions;
        var chosen = identifiers.FirstOrDefault(r => r.Component(5).Value == "MR" && r.Value is not null)
            ?? identifiers.FirstOrDefault(r => r.Value is not null);
        var mrn = Present(chosen?.Value);
        if (mrn is null)
        {
            Missing("PID", 3, "PID-3, the patient's medical record number, is required.");
            return null;
        }
        var birth = Date("PID", 7, "the date of birth");
        var sexCode = Present(message.Get("PID-8"));
        return new AdtPatient(
            mrn,
            Present(chosen!.Component(4).Value),
            Present(message.Get("PID-5.1")),
            Present(message.Get("PID-5.2")),
            birth is { } b ? b.Date : null,
            sexCode,
            AdtMapping.SexFor(sexCode));
    }

    private AdtVisit? ReadVisit(AdtEvent adtEvent)
    {
        var required = adtEvent is not (AdtEvent.A08 or AdtEvent.A40);
        if (message.Segment("PV1") is null)
        {
            if (required)
                errors.Add(new Hl7Error("PV1", null, Hl7ErrorCode.SegmentSequenceError, $"The PV1 segment (the visit) is required for {adtEvent}."));
            return null;
        }
        var classCode = Present(message.Get("PV1-2"));
        var patientClass = AdtMapping.PatientClassFor(classCode);
        if (classCode is null && required)
            Missing("PV1", 2, $"PV1-2, the patient class, is required for {adtEvent}.");
        else if (classCode is not null && patientClass is null)
            errors.Add(new Hl7Error("PV1", 2, Hl7ErrorCode.TableValueNotFound,
                $"Patient class '{classCode}' in PV1-2 is not one of E, I, O, P, R, B or U."));

        return new AdtVisit(
            classCode,
            patientClass,
            Location(3),
            Location(6),
            Present(message.Get("PV1-10")),
            Present(message.Get("PV1-14")),
            Present(message.Get("PV1-18")),
            Present(message.Get("PV1-19.1")),
            Present(message.Get("PV1-36")),
            Date("PV1", 44, "the admit date/time"),
            Date("PV1", 45, "the discharge date/time"),
            Date("PV2", 9, "the expected discharge date/time"));
    }

    private AdtMerge? ReadMerge()
    {
        if (message.Segment("MRG") is null)
        {
            errors.Add(new Hl7Error("MRG", null, Hl7ErrorCode.SegmentSequenceError, "A merge (A40) needs the MRG segment naming the prior patient."));
            return null;
        }
        var prior = Present(message.Get("MRG-1.1"));
        if (prior is null)
        {
            Missing("MRG", 1, "MRG-1, the prior patient's medical record number, is required for a merge (A40).");
            return null;
        }
        return new AdtMerge(prior, Present(message.Get("MRG-1.4.1")));
    }

    private AdtLocation? Location(int field)
    {
        var pl = message.Segment("PV1")!.Field(field);
        var location = new AdtLocation(
            Present(pl.Component(1).Value),
            Present(pl.Component(2).Value),
            Present(pl.Component(3).Value),
            Present(pl.Component(4).Subcomponent(1)));
        return location is { PointOfCare: null, Room: null, Bed: null, Facility: null } ? null : location;
    }

    private Hl7DateTime? Date(string segment, int field, string what, bool required = false)
    {
        var text = Present(message.Get($"{segment}-{field}"));
        if (text is null)
        {
            if (required)
                Missing(segment, field, $"{segment}-{field}, {what}, is required.");
            return null;
        }
        if (Hl7DateTime.TryParse(text, out var value))
            return value;
        errors.Add(new Hl7Error(segment, field, Hl7ErrorCode.DataTypeError,
            $"{segment}-{field}, {what}, is '{text}', which is not a date/time like 20260301 or 20260301143000-0500."));
        return null;
    }

    private void Missing(string segment, int field, string text) =>
        errors.Add(new Hl7Error(segment, field, Hl7ErrorCode.RequiredFieldMissing, text));

    private static AdtReadResult Reject(string segment, int field, Hl7ErrorCode code, string text) =>
        AdtReadResult.Failure(AckCode.AR, [new Hl7Error(segment, field, code, text)]);

    // The HL7 null "" (delete the value) carries nothing CareHub stores, so it reads as absent.
    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) || value == "\"\"" ? null : value.Trim();
}
