using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Web.Features.Census;

namespace CareHub.Web.Tests.Features.Census;

/// <summary>Census rows and boards for the tests: a fixed "now" in a zone six hours behind UTC (no daylight saving).</summary>
internal static class CensusSamples
{
    /// <summary>UTC-6 all year: 18:00 UTC is already midnight of the next UTC day but still 12:00 local.</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("CareHub/Test-6", TimeSpan.FromHours(-6), "Test-6", "Test-6");

    /// <summary>Local 2025-03-10 10:00 (16:00 UTC).</summary>
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 10, 0, 0, TimeSpan.FromHours(-6));

    public static readonly DateOnly Today = new(2025, 3, 10);

    public static readonly Guid TeamA = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    public static readonly Guid TeamB = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    public static readonly CensusFacility Mercy = new(Guid.Parse("f0000000-0000-0000-0000-000000000001"), "MER", "Mercy General", FacilityKind.AcuteCareHospital);
    public static readonly CensusFacility Oaks = new(Guid.Parse("f0000000-0000-0000-0000-000000000002"), "OAK", "Oaks Nursing", FacilityKind.SkilledNursingFacility);

    /// <summary>Local wall-clock time of <see cref="Zone"/>.</summary>
    public static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2025, 3, day, hour, minute, 0, TimeSpan.FromHours(-6));

    public static CensusRow Row(
        string name = "Abara, Ify",
        string? mrn = null,
        CensusFacility? facility = null,
        string? unit = "4 West",
        string? bed = "12",
        EncounterClass encounterClass = EncounterClass.Inpatient,
        CensusPlace place = CensusPlace.InHouse,
        DateTimeOffset? admittedAt = null,
        Guid? patientId = null,
        Guid? teamId = null,
        long version = 1) =>
        new()
        {
            PatientId = patientId ?? Guid.NewGuid(),
            EncounterId = Guid.NewGuid(),
            Version = version,
            Mrn = mrn ?? $"MRN{Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 100000:00000}",
            Name = name,
            Age = 71,
            FacilityId = (facility ?? Mercy).FacilityId,
            Facility = (facility ?? Mercy).Name,
            Unit = unit,
            Bed = bed,
            Class = encounterClass,
            Place = place,
            AdmittedAt = admittedAt ?? Local(7, 9),
            DischargedAt = place == CensusPlace.DischargedToday ? Local(10, 8, 30) : null,
            Disposition = place == CensusPlace.DischargedToday ? DischargeDisposition.Home : null,
            LengthOfStayDays = 3,
            Readmission = false,
            Lace = new CensusLace(3, 3, 1, 0),
            OpenReferrals = 0,
            TeamIds = [teamId ?? TeamA],
        };

    public static CensusBoard Board(params CensusRow[] rows) => new(rows, [Mercy, Oaks], Now);

    public static CensusClock Clock() => new(Zone, new FixedTime(Now));

    /// <summary>A clock that stands still (tests of "today").</summary>
    internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
