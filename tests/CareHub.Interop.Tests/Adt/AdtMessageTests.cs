using CareHub.Interop.Acks;
using CareHub.Interop.Adt;
using CareHub.Interop.Hl7;

namespace CareHub.Interop.Tests.Adt;

public sealed class AdtMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(-5));

    private static AdtReadResult Read(string text) => AdtMessage.Read(Hl7Message.Parse(text).Message!);

    private static AdtMessage ReadOk(string text)
    {
        var result = Read(text);
        result.Errors.ShouldBeEmpty();
        return result.Message.ShouldNotBeNull();
    }

    /// <summary>A well-formed message for any event, with the segments that event needs.</summary>
    private static string Message(AdtEvent adtEvent, string version = "2.5.1", Action<Hl7SegmentBuilder>? pv1 = null, bool withPv1 = true) =>
        new Hl7MessageBuilder()
            .Msh("EPIC", "RGH", "CAREHUB", "CHS", At, "ADT", adtEvent.ToString(), "C-" + adtEvent, version: version)
            .Segment("EVN", s => s.Set(1, adtEvent.ToString()).Set(2, Hl7DateTime.Format(At)))
            .Segment("PID", s => s.Set(1, "1").Set(3, 1, "4000001").Set(3, 4, "CHS").Set(3, 5, "MR").Components(5, "Doe", "Jane").Set(7, "19500615").Set(8, "F"))
            .Segment(withPv1 ? "PV1" : "ZZZ", s =>
            {
                s.Set(1, "1").Set(2, "I").Components(3, "4W", "401", "4W-01A", "RGH").Set(19, "V1");
                pv1?.Invoke(s);
            })
            .Segment("MRG", s => s.Set(1, 1, "4000999").Set(1, 4, "CHS"))
            .Build();

    [Fact]
    public void The_sample_admit_reads_into_typed_values()
    {
        var adt = ReadOk(Samples.AdmitV251);

        adt.Event.ShouldBe(AdtEvent.A01);
        adt.ControlId.ShouldBe("MSG00001");
        adt.SendingApplication.ShouldBe("EPIC");
        adt.SendingFacility.ShouldBe("RGH");
        adt.Version.ShouldBe("2.5.1");
        adt.MessageAt.ShouldBe(new Hl7DateTime(new DateTime(2026, 3, 1, 14, 30, 0), TimeSpan.FromHours(-5), Hl7DateTimePrecision.Second));
        adt.EventAt.DateTime.ShouldBe(new DateTime(2026, 3, 1, 14, 25, 0), "EVN-6 (occurred) wins over EVN-2 (recorded)");
        adt.Patient.ShouldBe(new AdtPatient("4000001", "CHS", "O'Brien", "Mary", new DateOnly(1950, 6, 15), "F", AdtSex.Female));
        var visit = adt.Visit.ShouldNotBeNull();
        visit.PatientClass.ShouldBe(AdtPatientClass.Inpatient);
        visit.PatientClassCode.ShouldBe("I");
        visit.Location.ShouldBe(new AdtLocation("4W", "401", "4W-01A", "RGH"));
        visit.HospitalService.ShouldBe("MED");
        visit.AdmitSource.ShouldBe("7");
        visit.PatientType.ShouldBe("IN");
        visit.VisitNumber.ShouldBe("V1000001");
        visit.AdmitAt!.Value.DateTime.ShouldBe(new DateTime(2026, 3, 1, 14, 25, 0));
        visit.ExpectedDischargeAt!.Value.Date.ShouldBe(new DateOnly(2026, 3, 5));
        visit.DischargeAt.ShouldBeNull();
        adt.Merge.ShouldBeNull();
    }

    [Fact]
    public void A_version_2_3_discharge_without_an_mr_type_takes_the_first_identifier()
    {
        var adt = ReadOk(Samples.DischargeV23);

        adt.Event.ShouldBe(AdtEvent.A03);
        adt.Patient.Mrn.ShouldBe("4000003");
        adt.Patient.AssigningAuthority.ShouldBeNull();
        adt.Visit!.DischargeDisposition.ShouldBe("06");
        adt.Visit.DischargeAt!.Value.DateTime.ShouldBe(new DateTime(2026, 3, 3, 10, 45, 0));
        adt.Visit.AdmitAt!.Value.Date.ShouldBe(new DateOnly(2026, 2, 28));
        adt.EventAt.DateTime.ShouldBe(new DateTime(2026, 3, 3, 10, 55, 0), "EVN-2 when EVN-6 is absent");
    }

    [Fact]
    public void A_version_2_4_emergency_registration_and_a_version_2_5_update_read()
    {
        var register = ReadOk(Samples.RegisterV24);
        register.Event.ShouldBe(AdtEvent.A04);
        register.Visit!.PatientClass.ShouldBe(AdtPatientClass.Emergency);
        register.Visit.Location.ShouldBe(new AdtLocation("ED", null, null, "SBM"));

        var update = ReadOk(Samples.UpdateV25);
        update.Event.ShouldBe(AdtEvent.A08);
        update.Visit.ShouldBeNull();
        update.Patient.FamilyName.ShouldBe("Smith^Jones");
        update.Patient.Sex.ShouldBe(AdtSex.Unknown);
    }

    [Theory]
    [InlineData(AdtEvent.A01)]
    [InlineData(AdtEvent.A02)]
    [InlineData(AdtEvent.A03)]
    [InlineData(AdtEvent.A04)]
    [InlineData(AdtEvent.A05)]
    [InlineData(AdtEvent.A06)]
    [InlineData(AdtEvent.A07)]
    [InlineData(AdtEvent.A08)]
    [InlineData(AdtEvent.A11)]
    [InlineData(AdtEvent.A12)]
    [InlineData(AdtEvent.A13)]
    [InlineData(AdtEvent.A40)]
    public void Every_supported_event_reads(AdtEvent adtEvent)
    {
        var adt = ReadOk(Message(adtEvent));

        adt.Event.ShouldBe(adtEvent);
        adt.Patient.Mrn.ShouldBe("4000001");
        adt.Merge.ShouldBe(adtEvent == AdtEvent.A40 ? new AdtMerge("4000999", "CHS") : null);
    }

    [Theory]
    [InlineData("2.3")]
    [InlineData("2.3.1")]
    [InlineData("2.4")]
    [InlineData("2.5")]
    [InlineData("2.5.1")]
    public void Every_supported_version_reads(string version)
    {
        ReadOk(Message(AdtEvent.A01, version)).Version.ShouldBe(version);
    }

    [Theory]
    [InlineData("2.6")]
    [InlineData("2.7")]
    [InlineData("2.2")]
    public void Other_versions_parse_but_are_rejected(string version)
    {
        var text = Message(AdtEvent.A01, version);
        Hl7Message.Parse(text).Succeeded.ShouldBeTrue();

        var result = Read(text);

        result.AckCode.ShouldBe(AckCode.AR);
        result.Errors.ShouldHaveSingleItem().Code.ShouldBe(Hl7ErrorCode.UnsupportedVersionId);
    }

    [Fact]
    public void A_message_that_is_not_adt_is_rejected()
    {
        var text = Message(AdtEvent.A01).Replace("ADT^A01", "ORU^R01", StringComparison.Ordinal);

        var result = Read(text);

        result.AckCode.ShouldBe(AckCode.AR);
        result.Errors.ShouldHaveSingleItem().Code.ShouldBe(Hl7ErrorCode.UnsupportedMessageType);
    }

    [Theory]
    [InlineData("A31")]
    [InlineData("A99")]
    [InlineData("001")]
    public void An_unsupported_event_is_rejected(string trigger)
    {
        var text = Message(AdtEvent.A01).Replace("ADT^A01", "ADT^" + trigger, StringComparison.Ordinal);

        var result = Read(text);

        result.AckCode.ShouldBe(AckCode.AR);
        result.Errors.ShouldHaveSingleItem().Code.ShouldBe(Hl7ErrorCode.UnsupportedEventCode);
    }

    [Fact]
    public void The_event_comes_from_evn_1_when_msh_9_2_is_empty()
    {
        ReadOk(Message(AdtEvent.A02).Replace("ADT^A02", "ADT", StringComparison.Ordinal)).Event.ShouldBe(AdtEvent.A02);
    }

    [Fact]
    public void A_missing_mrn_is_an_application_error_at_pid_3()
    {
        var text = Message(AdtEvent.A01).Replace("4000001^^^CHS^MR", "", StringComparison.Ordinal);

        var result = Read(text);

        result.AckCode.ShouldBe(AckCode.AE);
        result.Errors.ShouldHaveSingleItem().ShouldBe(result.Errors[0] with { Segment = "PID", Field = 3, Code = Hl7ErrorCode.RequiredFieldMissing });
    }

    [Fact]
    public void A_bad_date_is_a_data_type_error()
    {
        var result = Read(Message(AdtEvent.A01).Replace("19500615", "19501345", StringComparison.Ordinal));

        result.AckCode.ShouldBe(AckCode.AE);
        var error = result.Errors.ShouldHaveSingleItem();
        (error.Segment, error.Field, error.Code).ShouldBe(("PID", 7, Hl7ErrorCode.DataTypeError));
        error.Message.ShouldContain("19501345");
    }

    [Theory]
    [InlineData(AdtEvent.A01, true)]
    [InlineData(AdtEvent.A03, true)]
    [InlineData(AdtEvent.A12, true)]
    [InlineData(AdtEvent.A08, false)]
    [InlineData(AdtEvent.A40, false)]
    public void Pv1_is_required_except_for_updates_and_merges(AdtEvent adtEvent, bool required)
    {
        var result = Read(Message(adtEvent, withPv1: false));

        result.Succeeded.ShouldBe(!required);
        if (required)
            result.Errors.ShouldHaveSingleItem().ShouldBe(new Hl7Error("PV1", null, Hl7ErrorCode.SegmentSequenceError, result.Errors[0].Message));
    }

    [Fact]
    public void A_missing_or_unknown_patient_class_is_an_application_error()
    {
        var missing = Read(Message(AdtEvent.A01).Replace("PV1|1|I|", "PV1|1||", StringComparison.Ordinal));
        missing.AckCode.ShouldBe(AckCode.AE);
        missing.Errors.ShouldHaveSingleItem().Code.ShouldBe(Hl7ErrorCode.RequiredFieldMissing);

        var unknown = Read(Message(AdtEvent.A01).Replace("PV1|1|I|", "PV1|1|X|", StringComparison.Ordinal));
        unknown.AckCode.ShouldBe(AckCode.AE);
        unknown.Errors.ShouldHaveSingleItem().Code.ShouldBe(Hl7ErrorCode.TableValueNotFound);
    }

    [Fact]
    public void A_discharge_needs_a_discharge_or_event_time()
    {
        var text = new Hl7MessageBuilder()
            .Msh("EPIC", "RGH", "CAREHUB", "CHS", At, "ADT", "A03", "1")
            .Segment("EVN", s => s.Set(1, "A03"))
            .Segment("PID", s => s.Set(3, "4000001"))
            .Segment("PV1", s => s.Set(2, "I"))
            .Build();

        var result = Read(text);

        result.AckCode.ShouldBe(AckCode.AE);
        result.Errors.ShouldHaveSingleItem().Location.ShouldBe("PV1-45");
        ReadOk(text.Replace("PV1||I", "PV1||I" + new string('|', 43) + "20260301150000", StringComparison.Ordinal))
            .Visit!.DischargeAt!.Value.DateTime.Hour.ShouldBe(15);
    }

    [Fact]
    public void A_merge_needs_the_prior_mrn()
    {
        var text = Message(AdtEvent.A40).Replace("MRG|4000999^^^CHS", "MRG|", StringComparison.Ordinal);

        var result = Read(text);

        result.AckCode.ShouldBe(AckCode.AE);
        result.Errors.ShouldHaveSingleItem().Location.ShouldBe("MRG-1");
    }

    [Fact]
    public void Several_content_errors_are_all_reported()
    {
        var text = Message(AdtEvent.A01)
            .Replace("4000001^^^CHS^MR", "", StringComparison.Ordinal)
            .Replace("PV1|1|I|", "PV1|1|Q|", StringComparison.Ordinal);

        Read(text).Errors.Select(e => e.Location).ShouldBe(["PID-3", "PV1-2"], ignoreOrder: true);
    }

    [Fact]
    public void The_hl7_null_reads_as_absent()
    {
        var adt = ReadOk(Message(AdtEvent.A08).Replace("|19500615|", "|\"\"|", StringComparison.Ordinal));

        adt.Patient.BirthDate.ShouldBeNull();
    }

    [Theory]
    [InlineData(AdtEvent.A01, EncounterStatus.InProgress)]
    [InlineData(AdtEvent.A02, EncounterStatus.InProgress)]
    [InlineData(AdtEvent.A03, EncounterStatus.Finished)]
    [InlineData(AdtEvent.A04, EncounterStatus.InProgress)]
    [InlineData(AdtEvent.A05, EncounterStatus.Planned)]
    [InlineData(AdtEvent.A06, EncounterStatus.InProgress)]
    [InlineData(AdtEvent.A07, EncounterStatus.InProgress)]
    [InlineData(AdtEvent.A08, EncounterStatus.Unchanged)]
    [InlineData(AdtEvent.A11, EncounterStatus.Cancelled)]
    [InlineData(AdtEvent.A12, EncounterStatus.Unchanged)]
    [InlineData(AdtEvent.A13, EncounterStatus.InProgress)]
    [InlineData(AdtEvent.A40, EncounterStatus.Unchanged)]
    public void Each_event_maps_to_an_encounter_status(AdtEvent adtEvent, EncounterStatus status)
    {
        AdtMapping.EncounterStatusFor(adtEvent).ShouldBe(status);
    }
}
