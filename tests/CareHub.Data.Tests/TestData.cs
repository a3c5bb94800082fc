using CareHub.Domain.Organization;
using CareHub.Domain.Patients;

namespace CareHub.Data.Tests;

/// <summary>Small hand-built records with fresh ids and unique names, so tests can share a database.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static CareTeam Team(string name = "Team") => new($"{name} {Guid.NewGuid():N}", "A test team");

    public static Staff Staff(StaffRole role = StaffRole.Coordinator)
    {
        var id = Guid.NewGuid().ToString("N");
        return new Staff("Test", "Coordinator", $"{id}@carehub.example", role, "Care coordination");
    }

    public static Facility Facility() =>
        new(Guid.NewGuid().ToString("N")[..12], "Test General Hospital", FacilityKind.AcuteCareHospital);

    public static Patient Patient(params Guid[] teamIds)
    {
        var patient = new Patient(Guid.NewGuid().ToString("N"), "TEST", "Ada", $"Patient {Guid.NewGuid():N}"[..30], new DateOnly(1950, 6, 15), AdministrativeSex.Female);
        foreach (var teamId in teamIds)
            patient.EnrolIn(teamId);
        return patient;
    }
}
