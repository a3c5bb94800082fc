using CareHub.AdtSimulator;
using CareHub.Interop.Adt;
using CareHub.Interop.Hl7;

namespace CareHub.Interop.Tests.Simulator;

public sealed class AdtTrafficTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(-5));
    private static readonly string[] Dispositions = ["01", "06", "03", "07", "20"];

    private static List<(SimulatedMessage Sent, Hl7Message Parsed, AdtMessage Adt)> Generate(int count, int seed = 1, int patients = 2000)
    {
        var traffic = new AdtTraffic(patients, 4_000_000, "CHS", seed);
        var result = new List<(SimulatedMessage, Hl7Message, AdtMessage)>(count);
        for (var i = 0; i < count; i++)
        {
            var sent = traffic.Next(Start.AddSeconds(i * 7));
            var parsed = Hl7Message.Parse(sent.Text);
            parsed.Error.ShouldBeNull(sent.Text);
            var read = AdtMessage.Read(parsed.Message!);
            read.Errors.ShouldBeEmpty(sent.Text);
            result.Add((sent, parsed.Message!, read.Message!));
        }
        return result;
    }

    private static readonly Lazy<List<(SimulatedMessage Sent, Hl7Message Parsed, AdtMessage Adt)>> Traffic = new(() => Generate(20_000));

    [Fact]
    public void Every_generated_message_parses_and_reads_as_a_2_5_1_adt_message()
    {
        foreach (var (sent, parsed, adt) in Traffic.Value)
        {
            sent.Text.ShouldEndWith("\r");
            sent.Text.ShouldNotContain('\n');
            adt.Version.ShouldBe("2.5.1");
            adt.Event.ShouldBe(sent.Event);
            adt.ControlId.ShouldBe(sent.ControlId);
            adt.MessageAt.Offset.ShouldBe(TimeSpan.FromHours(-5));
            adt.Patient.Mrn.ShouldBe(sent.Mrn);
            adt.Patient.AssigningAuthority.ShouldBe("CHS");
            parsed.Get("PID-3.5").ShouldBe("MR");
            parsed.Get("EVN-1").ShouldBe(sent.Event.ToString());
            adt.Visit.ShouldNotBeNull().VisitNumber.ShouldBe(sent.VisitNumber);
            parsed.SendingFacility.ShouldBe(adt.Visit.Location.ShouldNotBeNull().Facility);
        }
        Traffic.Value.Select(t => t.Sent.ControlId).ShouldBeUnique();
    }

    [Fact]
    public void Locations_classes_and_discharge_fields_match_the_demo_facilities()
    {
        foreach (var (sent, parsed, adt) in Traffic.Value)
        {
            var visit = adt.Visit!;
            var location = visit.Location!;
            AdtTraffic.Units.ShouldContainKey(location.Facility!);
            AdtTraffic.Units[location.Facility!].ShouldContain(location.PointOfCare!);
            location.Bed.ShouldNotBeNull().ShouldStartWith(location.PointOfCare + "-");
            location.Room.ShouldNotBeNull();
            switch (visit.PatientClassCode)
            {
                case "E":
                    location.PointOfCare.ShouldBe("ED");
                    break;
                case "O":
                    location.PointOfCare.ShouldBe("OBS");
                    visit.PatientType.ShouldBe("OBS");
                    break;
                case "I":
                    location.PointOfCare.ShouldNotBeOneOf("ED", "OBS");
                    visit.PatientType.ShouldNotBe("OBS");
                    break;
                default:
                    throw new ShouldAssertException($"unexpected patient class {visit.PatientClassCode}");
            }
            visit.AdmitAt.ShouldNotBeNull();
            if (sent.Event == AdtEvent.A03)
            {
                visit.DischargeDisposition.ShouldBeOneOf(Dispositions);
                visit.DischargeAt.ShouldNotBeNull().DateTime.ShouldBeGreaterThanOrEqualTo(visit.AdmitAt.Value.DateTime);
            }
            else
            {
                visit.DischargeDisposition.ShouldBeNull();
                visit.DischargeAt.ShouldBeNull();
            }
            if (sent.Event == AdtEvent.A02)
                visit.PriorLocation.ShouldNotBeNull().Facility.ShouldBe(location.Facility);
        }
    }

    [Fact]
    public void The_traffic_mixes_every_event_disposition_facility_and_class()
    {
        var messages = Traffic.Value;

        messages.Select(m => m.Sent.Event).Distinct().Order()
            .ShouldBe([AdtEvent.A01, AdtEvent.A02, AdtEvent.A03, AdtEvent.A04, AdtEvent.A06, AdtEvent.A08, AdtEvent.A11, AdtEvent.A13]);
        messages.Where(m => m.Sent.Event == AdtEvent.A03).Select(m => m.Adt.Visit!.DischargeDisposition).Distinct().Order()
            .ShouldBe(Dispositions.Order());
        messages.Select(m => m.Adt.Visit!.Location!.Facility).Distinct().Order().ShouldBe(["MGS", "RGH", "SBM"]);
        messages.Select(m => m.Adt.Visit!.PatientClassCode).Distinct().Order().ShouldBe(["E", "I", "O"]);
        messages.Select(m => (m.Adt.Visit!.Location!.Facility, m.Adt.Visit!.Location!.PointOfCare)).Distinct().Count().ShouldBe(12, "every unit of the three facilities");
    }

    [Fact]
    public void About_two_percent_of_arrivals_are_new_patients_sent_with_name_birth_date_and_sex()
    {
        var traffic = new AdtTraffic(2000, 4_000_000, "CHS", 1);
        var arrivals = Traffic.Value.Where(m => m.Sent.Event is AdtEvent.A01 or AdtEvent.A04).ToList();
        var newOnes = arrivals.Where(m => !traffic.IsDemoMrn(m.Sent.Mrn)).ToList();

        ((double)newOnes.Count / arrivals.Count).ShouldBeInRange(0.005, 0.05);
        foreach (var (_, parsed, adt) in Traffic.Value)
        {
            if (traffic.IsDemoMrn(adt.Patient.Mrn))
            {
                adt.Patient.FamilyName.ShouldBeNull("existing demo patients keep their seeded demographics");
                long.Parse(adt.Patient.Mrn, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(4_000_000, 4_001_999);
            }
            else
            {
                adt.Patient.FamilyName.ShouldNotBeNullOrWhiteSpace();
                adt.Patient.GivenName.ShouldNotBeNullOrWhiteSpace();
                adt.Patient.BirthDate.ShouldNotBeNull();
                adt.Patient.Sex.ShouldNotBeNull();
                parsed.Get("PID-3").ShouldNotBeNull().Length.ShouldBe(7);
            }
        }
    }

    [Fact]
    public void The_demo_datas_canary_patients_at_the_end_of_its_range_are_never_sent()
    {
        // The demo data's last patients carry canary MRNs of their own (CareHub.Data's CanaryPatients): an MRN-only
        // message for their numeric MRN would name no known patient and be refused (AE).
        const int patients = 300;
        var sent = Generate(5_000, seed: 3, patients).Select(m => m.Sent.Mrn).ToHashSet();
        var lastExisting = (4_000_000 + patients - 1 - AdtTraffic.DemoCanaryPatients).ToString(System.Globalization.CultureInfo.InvariantCulture);
        sent.ShouldContain(lastExisting);
        for (var i = 0; i < AdtTraffic.DemoCanaryPatients; i++)
            sent.ShouldNotContain((4_000_000 + patients - 1 - i).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Per_patient_sequences_are_consistent()
    {
        var open = new Dictionary<string, (string Visit, string Class, string Facility, string Unit)>();
        var lastDisposition = new Dictionary<string, string>();
        var visitsSeen = new HashSet<string>();
        (SimulatedMessage Sent, AdtMessage Adt)? previous = null;
        foreach (var (sent, _, adt) in Traffic.Value)
        {
            var mrn = sent.Mrn;
            var visit = adt.Visit!;
            var location = visit.Location!;
            var now = (sent.VisitNumber, visit.PatientClassCode!, location.Facility!, location.PointOfCare!);
            var isOpen = open.TryGetValue(mrn, out var current);
            switch (sent.Event)
            {
                case AdtEvent.A01 or AdtEvent.A04:
                    isOpen.ShouldBeFalse($"{mrn} admitted while a visit is open");
                    visitsSeen.Add(sent.VisitNumber).ShouldBeTrue("a new visit number for each admission");
                    lastDisposition.GetValueOrDefault(mrn).ShouldNotBe("20", $"{mrn} came back after dying");
                    if (location.Facility == AdtTraffic.SkilledNursingFacility)
                        lastDisposition.GetValueOrDefault(mrn).ShouldBe("03", "only patients discharged to a SNF arrive at MGS");
                    open[mrn] = now;
                    break;
                case AdtEvent.A11:
                    previous.ShouldNotBeNull();
                    previous.Value.Sent.Event.ShouldBeOneOf(AdtEvent.A01, AdtEvent.A04);
                    previous.Value.Sent.Mrn.ShouldBe(mrn);
                    previous.Value.Sent.VisitNumber.ShouldBe(sent.VisitNumber);
                    open.Remove(mrn);
                    break;
                case AdtEvent.A03:
                    isOpen.ShouldBeTrue($"{mrn} discharged without an admission");
                    current.Visit.ShouldBe(sent.VisitNumber);
                    open.Remove(mrn);
                    lastDisposition[mrn] = visit.DischargeDisposition!;
                    break;
                case AdtEvent.A13:
                    previous.ShouldNotBeNull();
                    previous.Value.Sent.Event.ShouldBe(AdtEvent.A03);
                    previous.Value.Sent.Mrn.ShouldBe(mrn);
                    previous.Value.Sent.VisitNumber.ShouldBe(sent.VisitNumber);
                    isOpen.ShouldBeFalse();
                    lastDisposition.Remove(mrn);
                    open[mrn] = now;
                    break;
                case AdtEvent.A02:
                    isOpen.ShouldBeTrue($"{mrn} transferred without an open visit");
                    current.Visit.ShouldBe(sent.VisitNumber);
                    current.Class.ShouldBe("I");
                    location.Facility.ShouldBe(current.Facility);
                    AdtTraffic.Hospitals.ShouldContain(location.Facility!);
                    location.PointOfCare.ShouldNotBe(current.Unit);
                    visit.PriorLocation!.PointOfCare.ShouldBe(current.Unit);
                    open[mrn] = now;
                    break;
                case AdtEvent.A06:
                    isOpen.ShouldBeTrue();
                    current.Visit.ShouldBe(sent.VisitNumber);
                    current.Class.ShouldBeOneOf("E", "O");
                    visit.PatientClassCode.ShouldBe("I");
                    location.Facility.ShouldBe(current.Facility);
                    open[mrn] = now;
                    break;
                case AdtEvent.A08:
                    isOpen.ShouldBeTrue();
                    now.ShouldBe(current);
                    break;
                default:
                    throw new ShouldAssertException($"unexpected event {sent.Event}");
            }
            previous = (sent, adt);
        }
        open.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_traffic_and_another_seed_different_traffic()
    {
        var once = Generate(300, seed: 7).Select(m => m.Sent.Text);
        var again = Generate(300, seed: 7).Select(m => m.Sent.Text);
        var other = Generate(300, seed: 8).Select(m => m.Sent.Text);

        again.ShouldBe(once);
        other.ShouldNotBe(once);
    }

    [Fact]
    public void A_small_panel_still_produces_valid_traffic_and_new_patients_when_everyone_is_busy()
    {
        var messages = Generate(2_000, seed: 3, patients: 5);

        messages.Select(m => m.Sent.Mrn).Distinct().Count().ShouldBeGreaterThan(5);
    }
}
