using CareHub.Interop.Hl7;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>A patient as the hospital's ADT feed names them (PID-3 MRN^^^CHS^MR, PID-5, PID-7, PID-8).</summary>
public sealed record FeedPatient(string Mrn, string FamilyName, string GivenName, DateOnly BirthDate, string Sex = "F", string AssigningAuthority = "CHS");

/// <summary>
/// One ADT message as a hospital's interface engine sends it: MSH (Eastern time with its offset, MSH-9 with the
/// structure in 2.5.1), EVN (recorded and occurred times), PID, PV1 (class, unit^room^bed^facility, visit number,
/// disposition, admit and discharge times). <see cref="Text"/> ends segments with CR, or CRLF when <see cref="CrLf"/>.
/// </summary>
public sealed record AdtFeedMessage(string Event, FeedPatient Patient, string VisitNumber, DateTimeOffset At)
{
    /// <summary>US Eastern standard time: what the sending hospital writes in its timestamps.</summary>
    public static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    public string ControlId { get; init; } = NewControlId();

    public string Version { get; init; } = "2.5.1";

    public bool CrLf { get; init; }

    public string SendingApplication { get; init; } = "EPICADT";

    public string SendingFacility { get; init; } = "RGH";

    public string Facility { get; init; } = "RGH";

    public string Unit { get; init; } = "4W";

    public string Room { get; init; } = "412";

    public string Bed { get; init; } = "A";

    /// <summary>PV1-2: I inpatient, E emergency, O outpatient (observation with PV1-18 OBS).</summary>
    public string PatientClass { get; init; } = "I";

    /// <summary>PV1-36 (HL7 table 0112); "01" is discharged home.</summary>
    public string? Disposition { get; init; }

    /// <summary>PV1-44; the event time when not given.</summary>
    public DateTimeOffset? AdmitAt { get; init; }

    /// <summary>PV1-45, for a discharge.</summary>
    public DateTimeOffset? DischargeAt { get; init; }

    /// <summary>PID-3 left empty: a message no patient can be found for.</summary>
    public bool WithoutMrn { get; init; }

    public static string NewControlId() => $"C{Guid.NewGuid():N}"[..20];

    public static AdtFeedMessage Admit(FeedPatient patient, string visitNumber, DateTimeOffset at) => new("A01", patient, visitNumber, at) { AdmitAt = at };

    public static AdtFeedMessage Transfer(FeedPatient patient, string visitNumber, DateTimeOffset at, string unit) =>
        new("A02", patient, visitNumber, at) { Unit = unit, Room = unit == "ICU" ? "7" : "520", Bed = "B" };

    public static AdtFeedMessage Discharge(FeedPatient patient, string visitNumber, DateTimeOffset at, string disposition = "01") =>
        new("A03", patient, visitNumber, at) { Disposition = disposition, DischargeAt = at };

    public static AdtFeedMessage CancelAdmit(FeedPatient patient, string visitNumber, DateTimeOffset at) => new("A11", patient, visitNumber, at);

    public static AdtFeedMessage CancelDischarge(FeedPatient patient, string visitNumber, DateTimeOffset at) => new("A13", patient, visitNumber, at);

    /// <summary>A fresh visit number (PV1-19).</summary>
    public static string NewVisitNumber() => $"V{Guid.NewGuid():N}"[..12].ToUpperInvariant();

    public string Text()
    {
        var local = At.ToOffset(Eastern);
        var legacy = Version.StartsWith("2.3", StringComparison.Ordinal);
        var text = new Hl7MessageBuilder()
            .Msh(SendingApplication, SendingFacility, "CAREHUB", "CHS", local.AddSeconds(2), "ADT", Event, ControlId, "P", Version,
                legacy ? null : Event == "A01" ? "ADT_A01" : Event is "A02" or "A03" or "A11" or "A13" ? $"ADT_{Event}" : null)
            .Segment("EVN", s => s.Set(1, Event).Set(2, Hl7DateTime.Format(local.AddSeconds(1))).Set(5, 1, "JSMITH").Set(6, Hl7DateTime.Format(local)))
            .Segment("PID", s =>
            {
                s.Set(1, "1");
                if (!WithoutMrn)
                    s.Set(3, 1, Patient.Mrn).Set(3, 4, Patient.AssigningAuthority).Set(3, 5, "MR");
                s.Set(5, 1, Patient.FamilyName).Set(5, 2, Patient.GivenName)
                    .Set(7, Hl7DateTime.Format(Patient.BirthDate))
                    .Set(8, Patient.Sex)
                    .Set(11, 1, "12 Elm Street").Set(11, 3, "Riverside").Set(11, 4, "NY").Set(11, 5, "10001");
            })
            .Segment("PV1", s =>
            {
                s.Set(1, "1").Set(2, PatientClass)
                    .Set(3, 1, Unit).Set(3, 2, Room).Set(3, 3, Bed).Set(3, 4, Facility)
                    .Set(4, "E")
                    .Set(7, 1, "1234567890").Set(7, 2, "Marsh").Set(7, 3, "Helen")
                    .Set(10, "MED")
                    .Set(19, VisitNumber)
                    .Set(36, Disposition);
                if (AdmitAt is { } admit)
                    s.Set(44, Hl7DateTime.Format(admit.ToOffset(Eastern)));
                if (DischargeAt is { } discharge)
                    s.Set(45, Hl7DateTime.Format(discharge.ToOffset(Eastern)));
            })
            .Build();
        return CrLf ? text.Replace("\r", "\r\n", StringComparison.Ordinal) : text;
    }

    public override string ToString() => Text();
}

/// <summary>What an acknowledgement says: MSA-1, MSA-2 and its first ERR segment's location (ERR-2, or ERR-1 as 2.3 writes it).</summary>
public sealed record AckText(string Code, string? ControlId, bool HasError, string? ErrorLocation, string? LegacyErrorLocation, string Text)
{
    public static AckText Read(string ack)
    {
        var parsed = Hl7Message.Parse(ack);
        parsed.Succeeded.ShouldBeTrue($"The acknowledgement does not parse: {parsed.Error}");
        var message = parsed.Message!;
        message.MessageType.ShouldBe("ACK");
        return new AckText(message.Get("MSA-1") ?? string.Empty, message.Get("MSA-2"), message.Segment("ERR") is not null,
            Location(message, 2), Location(message, 1), ack);
    }

    private static string? Location(Hl7Message message, int field) =>
        message.Get($"ERR-{field}.1") is { } segment ? $"{segment}-{message.Get($"ERR-{field}.3")}" : null;
}
