using System.Globalization;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Domain.Common;
using CareHub.Domain.Organization;
using CareHub.Web.Calendar;
using CareHub.Web.Features.Census;
using CareHub.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>
/// The ADT processor and the census service over the shared test database, with a hospital of its own per test (a
/// random code) and the installation's calendar (New York, US federal holidays). The clock stands at Monday
/// 2 March 2026, 09:00 UTC (04:00 in New York).
/// </summary>
public sealed class CensusTestBed(PatientsDatabase database)
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public PatientsDatabase Database { get; } = database;

    public WorkCalendar Calendar { get; } = new(NewYork, new BusinessCalendar(UsFederalHolidays.Between(2020, 2040)));

    public static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public AdtProcessor Processor(CensusOptions? options = null) => Processor(Application(options));

    public AdtProcessor Processor(AdtApplication application) =>
        new(Database.Options, Database.Bus, Database.Clock, application, NullLogger<AdtProcessor>.Instance);

    public AdtApplication Application(CensusOptions? options = null) => new(options ?? new CensusOptions(), Calendar);

    public CensusService CensusFor(TestTeam team) =>
        new(new CareHubDbContextFactory(Database.Options, new FixedAccessScopeProvider(PatientsDatabase.ScopeOf(team))), Calendar, Database.Clock);

    /// <summary>A hospital with a medical unit (MED), an ED and an observation unit, under a fresh code.</summary>
    public async Task<Facility> HospitalAsync()
    {
        var facility = new Facility($"H{Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture)}", "Test General Hospital", FacilityKind.AcuteCareHospital);
        facility.AddUnit("MED", "Medical", UnitKind.MedicalSurgical, 30);
        facility.AddUnit("TELE", "Telemetry", UnitKind.Telemetry, 20);
        facility.AddUnit("ED", "Emergency", UnitKind.Emergency, 20);
        facility.AddUnit("OBS", "Observation", UnitKind.Observation, 10);
        await using var db = Database.SystemDb();
        db.Facilities.Add(facility);
        await db.SaveChangesAsync(Ct);
        return facility;
    }

    public CareHubDbContext SystemDb() => new(Database.Options, AccessScope.System("test"));
}

/// <summary>Builds ADT messages the way an interface engine sends them (HL7 2.5.1, CR endings, Eastern times with offsets).</summary>
public sealed class Adt(string facility)
{
    public static string Time(DateTimeOffset at) => CareHub.Interop.Hl7.Hl7DateTime.Format(at.ToOffset(TimeSpan.FromHours(-5)));

    public string Message(string trigger, Domain.Patients.Patient patient, DateTimeOffset at, string patientClass = "I", string unit = "MED",
        string? bed = "101-A", string? visit = null, string? disposition = null, DateTimeOffset? dischargeAt = null, string? controlId = null,
        string patientType = "", string? priorMrn = null, string version = "2.5.1") =>
        Message(trigger, patient.Mrn, patient.AssigningAuthority, patient.FamilyName, patient.GivenName, patient.BirthDate, at, patientClass, unit, bed, visit,
            disposition, dischargeAt, controlId, patientType, priorMrn, version);

    public string Message(string trigger, string mrn, string authority, string family, string given, DateOnly birth, DateTimeOffset at, string patientClass = "I",
        string unit = "MED", string? bed = "101-A", string? visit = null, string? disposition = null, DateTimeOffset? dischargeAt = null, string? controlId = null,
        string patientType = "", string? priorMrn = null, string version = "2.5.1")
    {
        var pv1 = new string[46];
        Array.Fill(pv1, string.Empty);
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = patientClass;
        pv1[3] = $"{unit}^{bed?.Split('-')[0]}^{bed?.Split('-').ElementAtOrDefault(1)}^{facility}";
        pv1[18] = patientType;
        pv1[19] = visit ?? string.Empty;
        pv1[36] = disposition ?? string.Empty;
        pv1[45] = dischargeAt is { } d ? Time(d) : string.Empty;
        var segments = new List<string>
        {
            $"MSH|^~\\&|ADT|{facility}|CAREHUB|CHS|{Time(at)}||ADT^{trigger}^ADT_A01|{controlId ?? Guid.NewGuid().ToString("N")[..20]}|P|{version}",
            $"EVN|{trigger}|{Time(at)}",
            $"PID|1||{mrn}^^^{authority}^MR||{family}^{given}||{birth:yyyyMMdd}|F",
        };
        if (priorMrn is not null)
            segments.Add($"MRG|{priorMrn}^^^{authority}^MR");
        else
            segments.Add(string.Join('|', pv1).TrimEnd('|'));
        return string.Join('\r', segments) + "\r";
    }
}
