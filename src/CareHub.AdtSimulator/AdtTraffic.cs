using System.Globalization;
using CareHub.Interop.Adt;
using CareHub.Interop.Hl7;

namespace CareHub.AdtSimulator;

/// <summary>One generated message and what it is about, for the sender and for tests.</summary>
public sealed record SimulatedMessage(string Text, string ControlId, AdtEvent Event, string Mrn, string VisitNumber);

/// <summary>
/// Realistic HL7 v2.5.1 ADT traffic for the demo organisation, with a consistent state per patient. Patients arrive
/// through the ED (A04, class E; then A03 treat-and-release or A06 to an inpatient unit), by direct admission (A01,
/// class I), into observation (A04, class O, unit OBS, PV1-18 OBS), or into the skilled nursing facility after a
/// hospital discharge to SNF; inpatients are transferred (A02) between units of the same hospital, updated (A08) and
/// discharged (A03, PV1-36 disposition, PV1-45 time). An admit is now and then cancelled by the next message (A11), and
/// so is a discharge (A13). Deterministic for a seed and the same sequence of times.
/// </summary>
/// <remarks>
/// Existing demo patients (<c>mrnStart</c> .. <c>mrnStart + patients - 1</c>, less the demo data's canaries at its end) are sent with their MRN only, so their
/// seeded demographics are left alone; about 2% of arrivals are new patients, sent with a name, birth date and sex.
/// </remarks>
public sealed class AdtTraffic
{
    public const string SendingApplication = "ADTSIM";
    public const string ReceivingApplication = "CAREHUB";

    /// <summary>Facilities and units of the demo data; the hospitals' inpatient units exclude ED and OBS.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Units { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["RGH"] = ["ED", "OBS", "4W", "5E", "ICU"],
        ["SBM"] = ["ED", "OBS", "3N", "2S", "CCU"],
        ["MGS"] = ["A", "B"],
    };

    public static IReadOnlyList<string> Hospitals { get; } = ["RGH", "SBM"];

    /// <summary>Beds per unit, as in the demo data.</summary>
    private static readonly Dictionary<(string Facility, string Unit), int> Beds = new()
    {
        [("RGH", "ED")] = 40, [("RGH", "OBS")] = 16, [("RGH", "4W")] = 32, [("RGH", "5E")] = 28, [("RGH", "ICU")] = 16,
        [("SBM", "ED")] = 30, [("SBM", "OBS")] = 12, [("SBM", "3N")] = 30, [("SBM", "2S")] = 24, [("SBM", "CCU")] = 12,
        [("MGS", "A")] = 40, [("MGS", "B")] = 40,
    };

    public const string SkilledNursingFacility = "MGS";

    private static readonly string[] Families = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Nguyen", "O'Brien", "Okafor", "Kowalski", "Haddad", "Patel", "Kim", "Silva", "Dubois", "Novak"];
    private static readonly string[] FemaleGiven = ["Mary", "Patricia", "Linda", "Maria", "Aisha", "Mei", "Fatima", "Rosa", "Chloé", "Grace"];
    private static readonly string[] MaleGiven = ["James", "Robert", "John", "Luis", "Ahmed", "Wei", "Tomasz", "Kwame", "José", "Samuel"];
    private static readonly (string Id, string Family, string Given)[] Doctors =
        [("1001", "Jones", "Alan"), ("1002", "Reyes", "Carmen"), ("1003", "Chen", "David"), ("1004", "Adeyemi", "Ngozi"), ("1005", "Larsen", "Erik")];

    /// <summary>How many of the demo data's patients, at the end of its MRN range, are canaries (CareHub.Data's CanaryPatients).</summary>
    public const int DemoCanaryPatients = 3;

    private readonly Random random;
    private readonly int patientCount;
    private readonly long mrnStart;
    private readonly string authority;
    private readonly Patient?[] demoPatients;
    private readonly List<Patient> active = [];
    private readonly List<Patient> awaitingSnf = [];
    private readonly long newMrnBase;
    private readonly string runTag;
    private Func<DateTimeOffset, SimulatedMessage>? pending;
    private long messages;
    private long visits;
    private long newPatients;

    public AdtTraffic(int patients = 2000, long mrnStart = 4_000_000, string authority = "CHS", int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(mrnStart);
        ArgumentException.ThrowIfNullOrWhiteSpace(authority);
        random = new Random(seed);
        // The demo data's last patients are its canaries (names and MRNs of their own, for the leak tests): never sent.
        patientCount = patients > DemoCanaryPatients ? patients - DemoCanaryPatients : patients;
        this.mrnStart = mrnStart;
        this.authority = authority;
        demoPatients = new Patient?[patientCount];
        // New patients get MRNs well past the demo range, in a block chosen by the seed.
        newMrnBase = mrnStart + patients + 100_000 + (random.Next(0, 800) * 1_000L);
        runTag = random.Next(100, 1000).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How many patients currently have an open visit.</summary>
    public int ActiveVisits => active.Count;

    /// <summary>True when <paramref name="mrn"/> is one of the existing demo patients.</summary>
    public bool IsDemoMrn(string mrn) =>
        long.TryParse(mrn, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= mrnStart && n < mrnStart + patientCount;

    /// <summary>The next message, stamped <paramref name="at"/> (MSH-7, EVN-2 and EVN-6; admit and discharge times follow it).</summary>
    public SimulatedMessage Next(DateTimeOffset at)
    {
        if (pending is { } follow)
        {
            pending = null;
            return follow(at);
        }
        var target = Math.Clamp(patientCount / 10, 3, 500);
        var arrivalChance = active.Count < 3 ? 1.0 : active.Count < target ? 0.45 : 0.15;
        return random.NextDouble() < arrivalChance ? Arrive(at) : Progress(active[random.Next(active.Count)], at);
    }

    private SimulatedMessage Arrive(DateTimeOffset at)
    {
        var roll = random.NextDouble();
        if (roll < 0.12 && awaitingSnf.Count > 0)
        {
            var resident = awaitingSnf[random.Next(awaitingSnf.Count)];
            awaitingSnf.Remove(resident);
            return Admit(resident, AdtEvent.A01, SkilledNursingFacility, "I", Pick(Units[SkilledNursingFacility]), "SNF", "4", at);
        }
        var patient = IdlePatient();
        var hospital = Pick(Hospitals);
        if (roll < 0.55)
            return Admit(patient, AdtEvent.A04, hospital, "E", "ED", "ER", "7", at);
        if (roll < 0.8)
            return Admit(patient, AdtEvent.A01, hospital, "I", InpatientUnit(hospital, except: null), "IP", "1", at);
        return Admit(patient, AdtEvent.A04, hospital, "O", "OBS", "OBS", "1", at);
    }

    private SimulatedMessage Progress(Patient patient, DateTimeOffset at)
    {
        var visit = patient.Visit!;
        var roll = random.NextDouble();
        switch (visit.ClassCode)
        {
            case "E":
                if (roll < 0.5)
                    return Discharge(patient, Weighted(("01", 88), ("07", 10), ("20", 2)), at);
                if (roll < 0.8)
                    return ToInpatient(patient, at);
                return Update(patient, at);
            case "O":
                if (roll < 0.45)
                    return Discharge(patient, Weighted(("01", 80), ("06", 20)), at);
                if (roll < 0.7)
                    return ToInpatient(patient, at);
                return Update(patient, at);
            default:
                if (visit.Facility == SkilledNursingFacility)
                    return roll < 0.6 ? Discharge(patient, Weighted(("01", 75), ("06", 20), ("20", 5)), at) : Update(patient, at);
                if (roll < 0.25)
                    return Transfer(patient, at);
                if (roll < 0.7)
                    return Discharge(patient, Weighted(("01", 45), ("06", 20), ("03", 25), ("07", 5), ("20", 5)), at);
                return Update(patient, at);
        }
    }

    private SimulatedMessage Admit(Patient patient, AdtEvent adtEvent, string facility, string classCode, string unit, string patientType, string admitSource, DateTimeOffset at)
    {
        var visit = new Visit(
            $"VS{runTag}{++visits:D7}", facility, classCode, unit, Bed(facility, unit), at,
            classCode switch { "E" => "EM", "O" => "OBS", _ => facility == SkilledNursingFacility ? "SNF" : Pick(["MED", "SUR", "CAR"]) },
            admitSource, patientType, Pick(Doctors));
        patient.Visit = visit;
        active.Add(patient);
        var message = Build(adtEvent, patient, visit, at);
        if (random.NextDouble() < 0.02)
            pending = later => CancelAdmit(patient, visit, later);
        return message;
    }

    private SimulatedMessage CancelAdmit(Patient patient, Visit visit, DateTimeOffset at)
    {
        patient.Visit = null;
        active.Remove(patient);
        return Build(AdtEvent.A11, patient, visit, at);
    }

    private SimulatedMessage ToInpatient(Patient patient, DateTimeOffset at)
    {
        var visit = patient.Visit!;
        visit.Prior = visit.Location;
        visit.ClassCode = "I";
        visit.PatientType = "IP";
        visit.Service = Pick(["MED", "SUR", "CAR"]);
        visit.Unit = InpatientUnit(visit.Facility, except: null);
        visit.Bed = Bed(visit.Facility, visit.Unit);
        return Build(AdtEvent.A06, patient, visit, at);
    }

    private SimulatedMessage Transfer(Patient patient, DateTimeOffset at)
    {
        var visit = patient.Visit!;
        visit.Prior = visit.Location;
        visit.Unit = InpatientUnit(visit.Facility, except: visit.Unit);
        visit.Bed = Bed(visit.Facility, visit.Unit);
        return Build(AdtEvent.A02, patient, visit, at);
    }

    private SimulatedMessage Update(Patient patient, DateTimeOffset at)
    {
        var visit = patient.Visit!;
        visit.ExpectedDischarge = DateOnly.FromDateTime(at.DateTime).AddDays(random.Next(1, 6));
        return Build(AdtEvent.A08, patient, visit, at);
    }

    private SimulatedMessage Discharge(Patient patient, string disposition, DateTimeOffset at)
    {
        var visit = patient.Visit!;
        visit.Disposition = disposition;
        visit.DischargedAt = at;
        patient.Visit = null;
        active.Remove(patient);
        patient.Deceased = disposition == "20";
        if (disposition == "03")
            awaitingSnf.Add(patient);
        var message = Build(AdtEvent.A03, patient, visit, at);
        if (random.NextDouble() < 0.02)
            pending = later => CancelDischarge(patient, visit, later);
        return message;
    }

    private SimulatedMessage CancelDischarge(Patient patient, Visit visit, DateTimeOffset at)
    {
        awaitingSnf.Remove(patient);
        patient.Deceased = false;
        visit.Disposition = null;
        visit.DischargedAt = null;
        patient.Visit = visit;
        active.Add(patient);
        return Build(AdtEvent.A13, patient, visit, at);
    }

    private Patient IdlePatient()
    {
        if (random.NextDouble() >= 0.02)
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var index = random.Next(patientCount);
                var patient = demoPatients[index] ??= new Patient((mrnStart + index).ToString(CultureInfo.InvariantCulture), null, null, null, null);
                if (patient.Visit is null && !patient.Deceased && !awaitingSnf.Contains(patient))
                    return patient;
            }
        }
        var female = random.NextDouble() < 0.53;
        var birth = new DateOnly(1930, 1, 1).AddDays(random.Next(0, 365 * 75));
        return new Patient(
            (newMrnBase + newPatients++).ToString(CultureInfo.InvariantCulture),
            Pick(Families),
            Pick(female ? FemaleGiven : MaleGiven),
            birth,
            female ? "F" : "M");
    }

    private SimulatedMessage Build(AdtEvent adtEvent, Patient patient, Visit visit, DateTimeOffset at)
    {
        var controlId = $"SIM{runTag}-{++messages:D9}";
        var structure = adtEvent switch
        {
            AdtEvent.A02 => "ADT_A02",
            AdtEvent.A03 => "ADT_A03",
            AdtEvent.A06 => "ADT_A06",
            AdtEvent.A11 => "ADT_A09",
            _ => "ADT_A01",
        };
        var time = Hl7DateTime.Format(at);
        var builder = new Hl7MessageBuilder()
            .Msh(SendingApplication, visit.Facility, ReceivingApplication, authority, at, "ADT", adtEvent.ToString(), controlId, messageStructure: structure)
            .Segment("EVN", s => s.Set(1, adtEvent.ToString()).Set(2, time).Set(6, time))
            .Segment("PID", s =>
            {
                s.Set(1, "1").Set(3, 1, patient.Mrn).Set(3, 4, authority).Set(3, 5, "MR");
                if (patient.Family is not null)
                    s.Components(5, patient.Family, patient.Given);
                if (patient.Birth is { } birth)
                    s.Set(7, Hl7DateTime.Format(birth));
                s.Set(8, patient.Sex);
            })
            .Segment("PV1", s =>
            {
                s.Set(1, "1").Set(2, visit.ClassCode).Components(3, visit.Unit, Room(visit.Bed), visit.Bed, visit.Facility);
                if (visit.Prior is { } prior)
                    s.Components(6, prior.Unit, Room(prior.Bed), prior.Bed, prior.Facility);
                s.Components(7, visit.Attending.Id, visit.Attending.Family, visit.Attending.Given)
                    .Set(10, visit.Service)
                    .Set(14, visit.AdmitSource)
                    .Set(18, visit.PatientType)
                    .Set(19, 1, visit.Number).Set(19, 4, authority).Set(19, 5, "VN")
                    .Set(36, visit.Disposition)
                    .Set(44, Hl7DateTime.Format(visit.AdmittedAt));
                if (visit.DischargedAt is { } discharged)
                    s.Set(45, Hl7DateTime.Format(discharged));
            })
;
        if (visit.ExpectedDischarge is { } expected)
            builder.Segment("PV2", s => s.Set(9, Hl7DateTime.Format(expected)));
        return new SimulatedMessage(builder.Build(), controlId, adtEvent, patient.Mrn, visit.Number);
    }

    private string InpatientUnit(string facility, string? except)
    {
        var units = Units[facility].Where(u => u is not ("ED" or "OBS") && u != except).ToArray();
        return units[random.Next(units.Length)];
    }

    // Demo bed codes: "4W-07A", bed A or B of room 7 of 4W.
    private string Bed(string facility, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{unit}-{random.Next(1, Beds[(facility, unit)] + 1):00}{(random.Next(2) == 0 ? 'A' : 'B')}");

    // "4W-07A" is in room "4W-07".
    private static string Room(string bed) => bed[..^1];

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Weighted(params (string Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
                return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }

    private sealed class Patient(string mrn, string? family, string? given, DateOnly? birth, string? sex)
    {
        public string Mrn { get; } = mrn;
        public string? Family { get; } = family;
        public string? Given { get; } = given;
        public DateOnly? Birth { get; } = birth;
        public string? Sex { get; } = sex;
        public Visit? Visit { get; set; }
        public bool Deceased { get; set; }
    }

    private sealed record Location(string Facility, string Unit, string Bed);

    private sealed class Visit(string number, string facility, string classCode, string unit, string bed, DateTimeOffset admittedAt,
        string service, string admitSource, string patientType, (string Id, string Family, string Given) attending)
    {
        public string Number { get; } = number;
        public string Facility { get; } = facility;
        public string ClassCode { get; set; } = classCode;
        public string Unit { get; set; } = unit;
        public string Bed { get; set; } = bed;
        public DateTimeOffset AdmittedAt { get; } = admittedAt;
        public string Service { get; set; } = service;
        public string AdmitSource { get; } = admitSource;
        public string PatientType { get; set; } = patientType;
        public (string Id, string Family, string Given) Attending { get; } = attending;
        public Location? Prior { get; set; }
        public Location Location => new(Facility, Unit, Bed);
        public string? Disposition { get; set; }
        public DateTimeOffset? DischargedAt { get; set; }
        public DateOnly? ExpectedDischarge { get; set; }
    }
}
